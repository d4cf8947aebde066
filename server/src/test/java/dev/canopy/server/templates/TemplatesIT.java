package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.agent.ClusterDriver;
import dev.canopy.agent.SimulatedDriver;
import dev.canopy.api.Json;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.server.Seed;
import dev.canopy.server.fleet.FleetOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real seed with one simulated cluster and a chart repository on 127.0.0.1: Templates with manifests and
 * with a Helm chart, instantiated in a namespace labelled for cluster sim-1, arrive there; a synced template
 * change updates and prunes (except what is annotated keep); bad parameters are refused with 422 and store
 * nothing; a Helm render error shows as Failed with Helm's message; deleting an instance removes its objects.
 */
class TemplatesIT {
    @TempDir static Path dir;
    static Seed seed;
    static KubernetesClient client;
    static ChartRepo repo;

    @BeforeAll
    static void start() throws Exception {
        repo = new ChartRepo(dir.resolve("repo"));
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")),
                FleetOptions.defaults().withSimulatedClusters(1).withHeartbeat(Duration.ofMillis(200)));
        Config c = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
        c.setRequestRetryBackoffLimit(0);
        client = new KubernetesClientBuilder().withConfig(c).build();
        for (String ns : new String[] {"space-a", "space-b", "space-c"}) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels(SpaceLabels.CLUSTER, "sim-1").addToLabels("team", "blue").endMetadata().build()).create();
        }
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (seed != null) seed.close();
        if (repo != null) repo.close();
    }

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> templates() {
        return client.genericKubernetesResources("config.kiosk.sh/v1alpha1", "Template");
    }

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> instances() {
        return client.genericKubernetesResources("config.kiosk.sh/v1alpha1", "TemplateInstance");
    }

    static GenericKubernetesResource yaml(String y) {
        return Json.convert(parse(y), GenericKubernetesResource.class);
    }

    static ObjectNode parse(String y) {
        try {
            return (ObjectNode) Json.YAML.readTree(y);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SimulatedDriver sim() { return seed.fleet().simulated().orElseThrow().driver("sim-1").orElseThrow(); }

    static Optional<ObjectNode> onCluster(String kind, String ns, String name) { return sim().get(kind, ns, name); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(String ns, String name) {
        GenericKubernetesResource r = instances().inNamespace(ns).withName(name).get();
        return r == null ? Map.of() : (Map<String, Object>) r.getAdditionalProperties().getOrDefault("status", Map.of());
    }

    static final String ISOLATION = """
            apiVersion: config.kiosk.sh/v1alpha1
            kind: Template
            metadata: {name: isolation}
            parameters:
              - {name: OWNER, value: nobody, validation: "^[a-z]+$"}
              - {name: REPLICAS, value: "2"}
            resources:
              manifests:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: settings}
                  data: {namespace: "${NAMESPACE}", owner: "${OWNER}", team: "${namespace.metadata.labels.team}", literal: "$${OWNER}"}
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: deny-all}
                  spec: {podSelector: {}, policyTypes: [Ingress]}
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: kept, annotations: {helm.sh/resource-policy: keep}}
                  data: {replicas: "${{REPLICAS}}"}
            """;

    @Test
    void manifestsArriveASyncedChangeUpdatesAndPrunesButKeepsAndDeleteRemoves() {
        templates().resource(yaml(ISOLATION)).create();
        instances().inNamespace("space-a").resource(yaml("""
                apiVersion: config.kiosk.sh/v1alpha1
                kind: TemplateInstance
                metadata: {name: isolation}
                spec: {template: isolation, sync: true, parameters: [{name: OWNER, value: john}]}
                """)).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(status("space-a", "isolation")).containsEntry("status", "Deployed").containsKey("lastAppliedTimestamp");
            assertThat(onCluster("ConfigMap", "space-a", "settings")).isPresent();
            assertThat(onCluster("NetworkPolicy", "space-a", "deny-all")).isPresent();
            assertThat(onCluster("ConfigMap", "space-a", "kept")).isPresent();
        });
        ObjectNode settings = onCluster("ConfigMap", "space-a", "settings").orElseThrow();
        assertThat(settings.path("data")).isEqualTo(parse("{namespace: space-a, owner: john, team: blue, literal: '${OWNER}'}"));
        assertThat(onCluster("ConfigMap", "space-a", "kept").orElseThrow().at("/data/replicas").asInt()).isEqualTo(2);
        String firstVersion = String.valueOf(status("space-a", "isolation").get("templateResourceVersion"));

        // the namespace's label changes: the synced instance follows it
        client.namespaces().withName("space-a").edit(n -> { n.getMetadata().getLabels().put("team", "green"); return n; });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(onCluster("ConfigMap", "space-a", "settings").orElseThrow().at("/data/team").asText()).isEqualTo("green"));

        // the template changes: settings updated, the NetworkPolicy and the kept ConfigMap dropped
        GenericKubernetesResource t = templates().withName("isolation").get();
        GenericKubernetesResource changed = yaml("""
                apiVersion: config.kiosk.sh/v1alpha1
                kind: Template
                metadata: {name: isolation}
                parameters: [{name: OWNER, value: nobody}, {name: REPLICAS, value: "2"}]
                resources:
                  manifests:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: settings}
                      data: {owner: "${OWNER}", version: "2"}
                """);
        changed.getMetadata().setResourceVersion(t.getMetadata().getResourceVersion());
        templates().resource(changed).update();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(onCluster("ConfigMap", "space-a", "settings").orElseThrow().path("data")).isEqualTo(parse("{owner: john, version: '2'}"));
            assertThat(onCluster("NetworkPolicy", "space-a", "deny-all")).isEmpty();
        });
        ObjectNode kept = onCluster("ConfigMap", "space-a", "kept").orElseThrow();
        assertThat(ClusterDriver.managed(kept)).as("kept but no longer Canopy's").isFalse();
        assertThat(status("space-a", "isolation").get("templateResourceVersion")).isNotEqualTo(firstVersion);

        // deleting the instance removes what it put there
        instances().inNamespace("space-a").withName("isolation").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> onCluster("ConfigMap", "space-a", "settings").isEmpty());
        assertThat(onCluster("ConfigMap", "space-a", "kept")).isPresent();
    }

    @Test
    void badParametersAndAMissingTemplateAre422AndStoreNothing() {
        templates().resource(yaml(ISOLATION.replace("name: isolation}", "name: strict}").replace("value: nobody, validation", "required: true, validation"))).create();
        record Case(String parameters, String template, String field, String detail) {}
        for (Case c : new Case[] {
                new Case("[{name: OWNER, value: John99}]", "strict", "spec.parameters[0].value", "must match ^[a-z]+$"),
                new Case("[{name: OWNER, value: john}, {name: COLOUR, value: red}]", "strict", "spec.parameters[1].name", "Unsupported value: \"COLOUR\""),
                new Case("[]", "strict", "spec.parameters", "parameter OWNER is required"),
                new Case("[]", "no-such-template", "spec.template", "no such Template"),
        }) {
            assertThatThrownBy(() -> instances().inNamespace("space-b").resource(yaml("""
                    apiVersion: config.kiosk.sh/v1alpha1
                    kind: TemplateInstance
                    metadata: {name: bad}
                    spec: {template: %s, parameters: %s}
                    """.formatted(c.template(), c.parameters()))).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getDetails().getCauses()).anySatisfy(cause -> {
                            assertThat(cause.getField()).isEqualTo(c.field());
                            assertThat(cause.getMessage()).contains(c.detail());
                        });
                    });
            assertThat(instances().inNamespace("space-b").withName("bad").get()).isNull();
        }
        // a chart repository on a metadata address is refused, for an admin too, and nothing is stored
        assertThatThrownBy(() -> templates().resource(yaml("""
                apiVersion: config.kiosk.sh/v1alpha1
                kind: Template
                metadata: {name: metadata}
                resources: {helm: {chart: {repository: {name: x, repoUrl: "http://169.254.169.254/latest/meta-data/"}}}}
                """)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses()).anySatisfy(cause -> {
                        assertThat(cause.getField()).isEqualTo("resources.helm.chart.repository.repoUrl");
                        assertThat(cause.getMessage()).contains("link-local and metadata addresses are not allowed");
                    });
                });
        assertThat(templates().withName("metadata").get()).isNull();
        // the template field never changes
        instances().inNamespace("space-b").resource(yaml("""
                apiVersion: config.kiosk.sh/v1alpha1
                kind: TemplateInstance
                metadata: {name: good}
                spec: {template: strict, parameters: [{name: OWNER, value: ann}]}
                """)).create();
        GenericKubernetesResource good = instances().inNamespace("space-b").withName("good").get();
        @SuppressWarnings("unchecked") Map<String, Object> spec = (Map<String, Object>) good.getAdditionalProperties().get("spec");
        spec.put("template", "isolation");
        assertThatThrownBy(() -> instances().inNamespace("space-b").resource(good).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    }

    @Test
    void aHelmTemplateFromTheChartRepositoryRendersAndArrivesAndARenderErrorFails() {
        // kiosk's template-helm.yaml with the repository URL pointing at the local chart repository
        templates().resource(yaml("""
                apiVersion: config.kiosk.sh/v1alpha1
                kind: Template
                metadata:
                  name: redis
                resources:
                  helm:
                    releaseName: redis
                    chart:
                      repository:
                        name: redis
                        repoUrl: %s
                    values: |
                      redisPort: 6379
                      myOtherValue: ${namespace}
                """.formatted(repo.url()))).create();
        instances().inNamespace("space-b").resource(yaml("""
                apiVersion: config.kiosk.sh/v1alpha1
                kind: TemplateInstance
                metadata:
                  name: redis-instance
                spec:
                  template: redis
                """)).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(status("space-b", "redis-instance")).containsEntry("status", "Deployed");
            assertThat(onCluster("ConfigMap", "space-b", "redis-config")).isPresent();
            assertThat(onCluster("Service", "space-b", "redis")).isPresent();
        });
        assertThat(onCluster("ConfigMap", "space-b", "redis-config").orElseThrow().at("/data/other").asText()).isEqualTo("space-b");

        client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Template").resource(yaml("""
                apiVersion: tenancy.canopy.dev/v1alpha1
                kind: Template
                metadata: {name: broken}
                resources:
                  helm:
                    chart: {repository: {name: hello, repoUrl: %s}}
                    values: "fail: true"
                """.formatted(repo.url()))).create();
        client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "TemplateInstance").inNamespace("space-b").resource(yaml("""
                apiVersion: tenancy.canopy.dev/v1alpha1
                kind: TemplateInstance
                metadata: {name: broken}
                spec: {template: broken}
                """)).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Object> s = status("space-b", "broken");
            assertThat(s).containsEntry("status", "Failed").containsEntry("reason", "ErrorHelm");
            assertThat(String.valueOf(s.get("message"))).contains("hello chart: the value fail is set");
        });
        assertThat(onCluster("ConfigMap", "space-b", "broken-config")).isEmpty();
    }

    @Test
    void clusterScopedObjectsNeedAPlatformAdmin() throws Exception {
        // kiosk's rbac-template-viewer.yaml: every authenticated user may create Templates
        client.rbac().clusterRoles().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder().withNewMetadata().withName("kiosk-template-view").endMetadata()
                .addNewRule().withApiGroups("config.kiosk.sh").withResources("templates").withVerbs("get", "list", "watch", "create", "delete", "patch", "update").endRule()
                .build()).create();
        client.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder().withNewMetadata().withName("kiosk-template-viewer").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "kiosk-template-view")
                .addNewSubject().withKind("Group").withName("system:authenticated").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
        Config jc = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
        jc.setRequestRetryBackoffLimit(0);
        jc.setImpersonateUsername("john");
        jc.setImpersonateGroups("system:authenticated");
        try (KubernetesClient john = new KubernetesClientBuilder().withConfig(jc).build()) {
            var johnsTemplates = john.genericKubernetesResources("config.kiosk.sh/v1alpha1", "Template");
            // john's chart renders a CRD: allowed to exist, but it fails to render for an instance
            johnsTemplates.resource(yaml("""
                    apiVersion: config.kiosk.sh/v1alpha1
                    kind: Template
                    metadata: {name: with-crd}
                    resources: {helm: {chart: {repository: {name: hello, repoUrl: %s}}}}
                    """.formatted(repo.url()))).create();
            instances().inNamespace("space-c").resource(yaml("""
                    apiVersion: config.kiosk.sh/v1alpha1
                    kind: TemplateInstance
                    metadata: {name: with-crd}
                    spec: {template: with-crd, sync: true}
                    """)).create();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<String, Object> s = status("space-c", "with-crd");
                assertThat(s).containsEntry("status", "Failed").containsEntry("reason", "ErrorHelm");
                assertThat(String.valueOf(s.get("message"))).contains("cluster-scoped CustomResourceDefinition widgets.example.org");
            });
            // john may neither allow cluster-scoped objects nor read charts from the seed's disk
            for (String bad : new String[] {
                    "metadata: {name: sneaky, annotations: {tenancy.canopy.dev/allow-cluster-scoped: 'true'}}\nresources: {manifests: []}",
                    "metadata: {name: sneaky}\nresources: {helm: {chart: {path: /etc}}}"}) {
                assertThatThrownBy(() -> johnsTemplates.resource(yaml("apiVersion: config.kiosk.sh/v1alpha1\nkind: Template\n" + bad)).create())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(422);
                            assertThat(e.getStatus().getMessage()).contains("only platform admins");
                        });
            }
        }
        // a platform admin allows it: the synced instance renders again and the CRD arrives, without a namespace
        GenericKubernetesResource t = templates().withName("with-crd").get();
        t.getMetadata().setAnnotations(Map.of("tenancy.canopy.dev/allow-cluster-scoped", "true"));
        templates().resource(t).update();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(status("space-c", "with-crd")).containsEntry("status", "Deployed");
            assertThat(onCluster("CustomResourceDefinition", null, "widgets.example.org")).isPresent();
            assertThat(onCluster("ConfigMap", "space-c", "with-crd-config")).isPresent();
        });
    }
}
