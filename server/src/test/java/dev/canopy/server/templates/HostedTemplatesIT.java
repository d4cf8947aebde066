package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.Seed;
import dev.canopy.server.fleet.FleetOptions;
import dev.canopy.store.ResourceKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Template objects on a Hosted cluster (fabric8's API test server in CRUD mode, driven by the seed's
 * in-process agent with the kubernetes driver): a ConfigMap, a NetworkPolicy and a Helm chart's ConfigMap and
 * Service arrive; a synced template change prunes the dropped NetworkPolicy.
 */
@EnableKubernetesMockClient(crud = true)
class HostedTemplatesIT {
    static KubernetesClient leaf;
    @TempDir static Path dir;
    static Seed seed;
    static ChartRepo repo;

    @BeforeAll
    static void start() throws Exception {
        repo = new ChartRepo(dir.resolve("repo"));
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")), FleetOptions.defaults().withHeartbeat(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        if (seed != null) seed.close();
        if (repo != null) repo.close();
    }

    static ObjectNode yaml(String y) throws Exception { return (ObjectNode) Json.YAML.readTree(y); }

    @Test
    void templateObjectsReachAHostedClusterAndASyncedChangePrunes() throws Exception {
        var store = seed.store();
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters: [{name: leaf, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: leaf, user: u}}]
                current-context: c
                """.formatted(leaf.getConfiguration().getMasterUrl());
        ObjectNode secret = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: leaf-kubeconfig, namespace: default}\ntype: Opaque");
        secret.putObject("data").put("kubeconfig", Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)));
        store.create(new ResourceKey("core/secrets", "default", "leaf-kubeconfig"), secret);
        store.create(ResourceKey.cluster(FleetKinds.CLUSTERS, "hosted-1"), yaml("""
                apiVersion: fleet.canopy.dev/v1alpha1
                kind: Cluster
                metadata: {name: hosted-1}
                spec: {connection: {mode: Hosted, kubeconfigSecretRef: {namespace: default, name: leaf-kubeconfig}}}
                """));
        store.create(ResourceKey.cluster("core/namespaces", "space-h"), yaml("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: space-h, labels: {tenancy.canopy.dev/cluster: hosted-1}}
                """));
        ObjectNode template = store.create(ResourceKey.cluster(TemplateKinds.TEMPLATES, "isolation"), yaml("""
                apiVersion: tenancy.canopy.dev/v1alpha1
                kind: Template
                metadata: {name: isolation}
                resources:
                  manifests:
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {ns: "${NAMESPACE}"}}
                    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny-all}, spec: {podSelector: {}, policyTypes: [Ingress]}}
                """));
        store.create(ResourceKey.cluster(TemplateKinds.TEMPLATES, "redis"), yaml("""
                apiVersion: tenancy.canopy.dev/v1alpha1
                kind: Template
                metadata: {name: redis}
                resources: {helm: {chart: {repository: {name: redis, repoUrl: %s}}}}
                """.formatted(repo.url())));
        for (String t : new String[] {"isolation", "redis"}) {
            store.create(new ResourceKey(TemplateKinds.TEMPLATE_INSTANCES, "space-h", t), yaml("""
                    apiVersion: tenancy.canopy.dev/v1alpha1
                    kind: TemplateInstance
                    metadata: {name: %s, namespace: space-h}
                    spec: {template: %s, sync: true}
                    """.formatted(t, t)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(leaf.configMaps().inNamespace("space-h").withName("settings").get()).isNotNull();
            assertThat(leaf.network().v1().networkPolicies().inNamespace("space-h").withName("deny-all").get()).isNotNull();
            assertThat(leaf.configMaps().inNamespace("space-h").withName("redis-config").get()).isNotNull();
            assertThat(leaf.services().inNamespace("space-h").withName("redis").get()).isNotNull();
        });
        assertThat(leaf.configMaps().inNamespace("space-h").withName("settings").get().getData()).containsEntry("ns", "space-h");

        ObjectNode changed = template.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) changed.at("/resources/manifests")).remove(1);
        store.update(ResourceKey.cluster(TemplateKinds.TEMPLATES, "isolation"), changed, dev.canopy.store.ResourceStore.UpdateOptions.MAIN_NO_STATUS);
        await().atMost(Duration.ofSeconds(60)).until(() -> leaf.network().v1().networkPolicies().inNamespace("space-h").withName("deny-all").get() == null);
        assertThat(leaf.configMaps().inNamespace("space-h").withName("settings").get()).isNotNull();
    }
}
