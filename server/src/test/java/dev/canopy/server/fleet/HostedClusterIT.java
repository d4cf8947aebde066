package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.server.Seed;
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
 * A Hosted cluster: the seed reads the kubeconfig Secret and runs the agent in-process against fabric8's
 * API test server (CRUD mode); a placed tenant's namespace is created there; a Cluster whose Secret is
 * missing shows the problem as a condition.
 */
@EnableKubernetesMockClient(crud = true)
class HostedClusterIT {
    static KubernetesClient leaf;
    @TempDir
    static Path dir;
    static Seed seed;

    @BeforeAll
    static void start() {
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")), FleetOptions.defaults().withHeartbeat(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        if (seed != null) seed.close();
    }

    static ObjectNode yaml(String y) throws Exception { return (ObjectNode) Json.YAML.readTree(y); }

    static String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: leaf, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: leaf, user: u}}]
                current-context: c
                """.formatted(leaf.getConfiguration().getMasterUrl());
    }

    static String condition(String cluster, String type, String field) {
        ObjectNode c = seed.store().get(ResourceKey.cluster(FleetKinds.CLUSTERS, cluster)).orElseThrow();
        for (var x : c.path("status").path("conditions")) if (type.equals(x.path("type").asText())) return x.path(field).asText();
        return null;
    }

    @Test
    void theSeedRunsTheAgentOfAHostedClusterFromItsKubeconfig() throws Exception {
        var store = seed.store();
        ObjectNode secret = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: leaf-kubeconfig, namespace: default}\ntype: Opaque");
        secret.putObject("data").put("kubeconfig", Base64.getEncoder().encodeToString(kubeconfig().getBytes(StandardCharsets.UTF_8)));
        store.create(new ResourceKey(HostedAgents.SECRETS, "default", "leaf-kubeconfig"), secret);
        store.create(ResourceKey.cluster(FleetKinds.CLUSTERS, "hosted-1"), yaml("""
                apiVersion: fleet.canopy.dev/v1alpha1
                kind: Cluster
                metadata: {name: hosted-1, labels: {env: dev}}
                spec: {connection: {mode: Hosted, kubeconfigSecretRef: {namespace: default, name: leaf-kubeconfig}}}
                """));
        store.create(ResourceKey.cluster(FleetKinds.CLUSTERS, "broken"), yaml("""
                apiVersion: fleet.canopy.dev/v1alpha1
                kind: Cluster
                metadata: {name: broken}
                spec: {connection: {mode: Hosted, kubeconfigSecretRef: {namespace: default, name: nope}}}
                """));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(condition("hosted-1", "Ready", "status")).isEqualTo("True");
            assertThat(store.get(ResourceKey.cluster(FleetKinds.CLUSTERS, "hosted-1")).orElseThrow().at("/status/driver").asText()).isEqualTo("kubernetes");
            assertThat(condition("broken", "Connected", "reason")).isEqualTo("KubeconfigProblem");
            assertThat(condition("broken", "Connected", "message")).contains("default/nope not found");
        });

        store.create(new ResourceKey("tenancy.canopy.dev/tenants", "tenant-root", "hosted"), yaml("""
                apiVersion: tenancy.canopy.dev/v1alpha1
                kind: Tenant
                metadata: {name: hosted, namespace: tenant-root}
                spec: {placement: {matchLabels: {env: dev}}}
                """));
        await().atMost(Duration.ofSeconds(30)).until(() -> leaf.namespaces().withName("tenant-hosted").get() != null);
        assertThat(leaf.namespaces().withName("tenant-hosted").get().getMetadata().getLabels())
                .containsEntry("canopy.dev/managed-by", "canopy").containsEntry("tenancy.canopy.dev/tenant", "hosted");
    }
}
