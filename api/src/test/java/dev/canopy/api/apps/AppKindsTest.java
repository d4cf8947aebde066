package dev.canopy.api.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppKindsTest {

    static final Registry REGISTRY = new Registry();

    static {
        AppKinds.register(REGISTRY);
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("Kubernetes", "kuberneteses", Kubernetes.class),
                Arguments.of("Postgres", "postgreses", Postgres.class),
                Arguments.of("Etcd", "etcds", Etcd.class),
                Arguments.of("Ingress", "ingresses", Ingress.class),
                Arguments.of("Monitoring", "monitorings", Monitoring.class));
    }

    @ParameterizedTest(name = "{0} is served as {1} in both groups")
    @MethodSource("kinds")
    void servedUnderCanopysAndCozystacksGroup(String kind, String plural, Class<?> model) {
        ResourceType canopy = REGISTRY.find("apps.canopy.dev", "v1alpha1", plural).orElseThrow();
        ResourceType cozy = REGISTRY.find("apps.cozystack.io", "v1alpha1", plural).orElseThrow();
        assertThat(canopy.kind()).isEqualTo(kind);
        assertThat(canopy.model()).isEqualTo(model);
        assertThat(canopy.namespaced()).isTrue();
        assertThat(canopy.statusSubresource()).isTrue();
        assertThat(cozy.isAlias()).isTrue();
        assertThat(cozy.storageResource()).isEqualTo(canopy.storageResource()).isEqualTo("apps.canopy.dev/" + plural);
        assertThat(REGISTRY.byKind("apps.cozystack.io/v1alpha1", kind)).isPresent();
        assertThat(canopy.columns()).extracting(c -> c.name()).contains("READY");
    }

    @Test
    void appColumnsShowHostVersionAndServices() {
        ResourceType k = REGISTRY.find("apps.canopy.dev", "v1alpha1", "kuberneteses").orElseThrow();
        ObjectNode o = obj("""
                spec: {version: v1.32}
                status:
                  host: kubernetes-cluster1.foo.example.org
                  services: {etcd: tenant-foo-bar, ingress: tenant-root, monitoring: tenant-foo}
                  conditions: [{type: Ready, status: "True"}]
                """);
        assertThat(k.columns()).extracting(c -> c.name() + "=" + c.value().apply(o)).containsExactly(
                "HOST=kubernetes-cluster1.foo.example.org", "VERSION=v1.32", "READY=True",
                "ETCD=tenant-foo-bar", "INGRESS=tenant-root", "MONITORING=tenant-foo");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("postgreses", "spec: {resourcesPreset: huge}",
                        List.of("spec.resourcesPreset: Unsupported value: \"huge\": supported values: \"nano\", \"micro\", \"small\", \"medium\", \"large\", \"xlarge\", \"2xlarge\"")),
                Arguments.of("postgreses", "spec: {replicas: -1}", List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
                Arguments.of("postgreses", "spec: {size: 0Gi}", List.of("spec.size: Invalid value: \"0Gi\": must be greater than 0")),
                Arguments.of("postgreses", "spec: {size: lots}",
                        List.of("spec.size: Invalid value: \"lots\": must be a quantity such as 500m, 2, 512Mi or 10Gi (regex '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')")),
                Arguments.of("postgreses", "spec: {resources: {cpu: \"-1\"}}", List.of("spec.resources.cpu: Invalid value: \"-1\": must be greater than or equal to 0")),
                Arguments.of("postgreses", "spec: {version: \"17\"}", List.of("spec.version: Invalid value: \"17\": must be a PostgreSQL major version such as v17")),
                Arguments.of("postgreses", "spec: {replicas: 2, quorum: {minSyncReplicas: 1, maxSyncReplicas: 2}}",
                        List.of("spec.quorum.maxSyncReplicas: Invalid value: 2: must be less than replicas (2)")),
                Arguments.of("kuberneteses", "spec: {version: \"1.32\"}",
                        List.of("spec.version: Invalid value: \"1.32\": must be a Kubernetes version as vMAJOR.MINOR such as v1.32")),
                Arguments.of("kuberneteses", "spec: {nodeGroups: {md0: {minReplicas: 3, maxReplicas: 1}}}",
                        List.of("spec.nodeGroups[md0].maxReplicas: Invalid value: 1: must be at least minReplicas (3)")),
                Arguments.of("kuberneteses", "spec: {nodeGroups: {Big_Nodes: {maxReplicas: -2}}}",
                        List.of("spec.nodeGroups[Big_Nodes]: Invalid value: \"Big_Nodes\": a node group name must be a lowercase RFC 1123 label (e.g. md0, workers-1)",
                                "spec.nodeGroups[Big_Nodes].maxReplicas: Invalid value: -2: must be greater than or equal to 0")),
                Arguments.of("kuberneteses", "spec: {addons: {ingressNginx: {enabled: true, exposeMethod: NodePort}}}",
                        List.of("spec.addons[ingressNginx].exposeMethod: Unsupported value: \"NodePort\": supported values: \"Proxied\", \"LoadBalancer\"")),
                Arguments.of("kuberneteses", "spec: {controlPlane: {apiServer: {resourcesPreset: giant}}}",
                        List.of("spec.controlPlane.apiServer.resourcesPreset: Unsupported value: \"giant\": supported values: \"nano\", \"micro\", \"small\", \"medium\", \"large\", \"xlarge\", \"2xlarge\"")),
                Arguments.of("etcds", "spec: {replicas: -3}", List.of("spec.replicas: Invalid value: -3: must be greater than or equal to 0")),
                Arguments.of("ingresses", "spec: {resourcesPreset: Small}",
                        List.of("spec.resourcesPreset: Unsupported value: \"Small\": supported values: \"nano\", \"micro\", \"small\", \"medium\", \"large\", \"xlarge\", \"2xlarge\"")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalid")
    void badSpecsAreRefusedWithTheFieldPath(String plural, String yaml, List<String> errors) {
        ResourceType t = REGISTRY.find("apps.canopy.dev", "v1alpha1", plural).orElseThrow();
        assertThat(t.validator().validate(obj(yaml), null)).map(FieldError::toString).isEqualTo(errors);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("postgreses", """
                        spec:
                          replicas: 2
                          resourcesPreset: micro
                          size: 10Gi
                          version: v17
                          users: {user1: {password: hackme}, debezium: {replication: true}}
                          databases: {myapp: {roles: {admin: [user1, debezium], readonly: [user2]}, extensions: [hstore]}}
                          quorum: {minSyncReplicas: 0, maxSyncReplicas: 1}
                        """),
                Arguments.of("kuberneteses", """
                        spec:
                          storageClass: replicated
                          version: v1.32
                          nodeGroups: {md0: {minReplicas: 0, maxReplicas: 10, instanceType: u1.medium, ephemeralStorage: 20Gi, roles: [ingress-nginx]}}
                          addons: {certManager: {enabled: true, valuesOverride: {}}, ingressNginx: {enabled: true, exposeMethod: Proxied, hosts: [a.example.org]}}
                          controlPlane: {replicas: 2, apiServer: {resourcesPreset: medium}, konnectivity: {server: {resourcesPreset: micro}}}
                        """),
                Arguments.of("etcds", "spec: {replicas: 3, size: 4Gi, resources: {cpu: \"4\", memory: 1Gi}}"),   // quantities read back as strings
                Arguments.of("ingresses", "spec: {replicas: 2, resourcesPreset: micro, whitelist: [10.0.0.0/8]}"),
                Arguments.of("monitorings", "spec: {host: grafana.foo.example.org}"));
    }

    @ParameterizedTest(name = "{0} accepts Cozystack's example values")
    @MethodSource("valid")
    void cozystackValuesAreAccepted(String plural, String yaml) {
        ResourceType t = REGISTRY.find("apps.canopy.dev", "v1alpha1", plural).orElseThrow();
        ObjectNode o = obj(yaml);
        assertThat(t.validator().validate(o, null)).isEmpty();
        // and they read into the typed record without loss of the fields the rules use
        Object typed = Json.convert(o, t.model());
        assertThat(Json.toObject(typed).path("spec")).isEqualTo(o.path("spec"));
    }

    private static ObjectNode obj(String yaml) {
        return (ObjectNode) Json.parseYaml(yaml.getBytes());
    }
}
