package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.agent.SimulatedDriver;
import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.server.Seed;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real seed with two simulated clusters on the in-process backbone (heartbeats every 200 ms so the test
 * is quick; nothing asserts on elapsed time): clusters turn Ready, a placed tenant's namespace lands on the
 * matching cluster only, relabelling a cluster moves it, stopping an agent turns Ready False.
 */
class FleetIT {
    @TempDir
    static Path dir;
    static Seed seed;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")),
                FleetOptions.defaults().withSimulatedClusters(2).withHeartbeat(Duration.ofMillis(200)));
        Config c = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
        c.setRequestRetryBackoffLimit(0);
        client = new KubernetesClientBuilder().withConfig(c).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (seed != null) seed.close();
    }

    static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> clusters() {
        return client.genericKubernetesResources("fleet.canopy.dev/v1alpha1", "Cluster");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(String cluster) {
        return (Map<String, Object>) clusters().withName(cluster).get().getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    static String condition(String cluster, String type, String field) {
        Map<String, Object> st = status(cluster);
        if (st == null) return null;
        for (Map<String, Object> c : (List<Map<String, Object>>) st.getOrDefault("conditions", List.of())) {
            if (type.equals(c.get("type"))) return String.valueOf(c.get(field));
        }
        return null;
    }

    static SimulatedDriver driver(String cluster) { return seed.fleet().simulated().orElseThrow().driver(cluster).orElseThrow(); }

    static boolean hasNamespace(String cluster, String ns) { return driver(cluster).get("Namespace", null, ns).isPresent(); }

    @Test
    @SuppressWarnings("unchecked")
    void clustersBecomeReadyAndATenantIsPlacedMovedAndTheStoppedClusterGoesNotReady() {
        // sim-1: env=dev, sim-2: env=prod, both region=eu-1
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String c : List.of("sim-1", "sim-2")) {
                assertThat(condition(c, "Ready", "status")).as(c + " " + status(c)).isEqualTo("True");
                assertThat(status(c)).containsEntry("driver", "simulated").containsEntry("nodeCount", 3).containsKey("lastHeartbeat");
            }
        });
        assertThat(clusters().withName("sim-1").get().getMetadata().getLabels()).containsEntry("env", "dev").containsEntry("region", "eu-1");

        client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Tenant").inNamespace("tenant-root").resource(
                tenant("acme", Map.of("matchLabels", Map.of("env", "dev")))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> hasNamespace("sim-1", "tenant-acme"));
        var ns = driver("sim-1").get("Namespace", null, "tenant-acme").orElseThrow();
        assertThat(ns.at("/metadata/labels/tenancy.canopy.dev~1tenant").asText()).isEqualTo("acme");
        assertThat(ns.at("/metadata/labels/canopy.dev~1managed-by").asText()).isEqualTo("canopy");
        assertThat(hasNamespace("sim-2", "tenant-acme")).isFalse();
        await().untilAsserted(() -> assertThat(status("sim-1")).containsEntry("managedObjects", 1));

        // read live through RPC
        Rpc.Outcome listed = seed.fleet().hub().link().call("sim-1", new RpcRequest.ListObjects("Namespace"), Duration.ofSeconds(10));
        assertThat(listed).isInstanceOfSatisfying(Rpc.Outcome.Answered.class, a ->
                assertThat(((RpcResponse.ObjectList) a.response()).objects()).extracting(o -> o.at("/metadata/name").asText()).containsExactly("tenant-acme"));

        // the same through the API (kubectl-style List), and leaf registration needs NATS
        try {
            Http.Response objects = new Http(client).get("/apis/fleet.canopy.dev/v1alpha1/clusters/sim-1/objects?kind=Namespace");
            assertThat(objects.code()).isEqualTo(200);
            assertThat(objects.body().at("/items/0/metadata/name").asText()).isEqualTo("tenant-acme");
            assertThat(new Http(client).get("/apis/fleet.canopy.dev/v1alpha1/clusters/nope/objects").code()).isEqualTo(404);
            Http.Response token = new Http(client).post("/apis/fleet.canopy.dev/v1alpha1/bootstraptokens",
                    "{\"apiVersion\":\"fleet.canopy.dev/v1alpha1\",\"kind\":\"BootstrapToken\"}");
            assertThat(token.code()).isEqualTo(503);
            assertThat(token.body().path("message").asText()).contains("--nats managed");
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        // relabel: sim-1 leaves env=dev, sim-2 joins it → the namespace moves
        relabel("sim-1", "staging");
        relabel("sim-2", "dev");
        await().atMost(Duration.ofSeconds(30)).until(() -> hasNamespace("sim-2", "tenant-acme") && !hasNamespace("sim-1", "tenant-acme"));
        await().untilAsserted(() -> assertThat(status("sim-1")).containsEntry("managedObjects", 0));

        // someone edits the placed namespace on sim-2 by hand: the agent puts it back and the Cluster says so
        driver("sim-2").tamper("Namespace", null, "tenant-acme", o -> o.with("metadata").with("labels").put("tenancy.canopy.dev/tenant", "intruder"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(driver("sim-2").get("Namespace", null, "tenant-acme").orElseThrow().at("/metadata/labels/tenancy.canopy.dev~1tenant").asText()).isEqualTo("acme");
            @SuppressWarnings("unchecked") Map<String, Object> drift = (Map<String, Object>) status("sim-2").get("drift");
            assertThat(drift).isNotNull();
            assertThat((List<Object>) drift.get("lastObjects")).containsExactly((Object) Map.of("kind", "Namespace", "name", "tenant-acme", "change", "Modified", "repaired", true));
        });
        // a user's pod in the placed namespace shows in the usage the hub collects (for account quotas)
        driver("sim-2").putForeign(dev.canopy.api.Json.parseObject(("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"tenant-acme\",\"name\":\"web\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(seed.fleet().hub().usage("sim-2").get("tenant-acme")).isEqualTo(new dev.canopy.backbone.protocol.StatusReport.NamespaceUsage("tenant-acme", 1, 100, 0, 0, 0)));

        // sim-1's agent stops: after 3 missed heartbeats it is neither Connected nor Ready
        seed.fleet().simulated().orElseThrow().stop("sim-1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(condition("sim-1", "Ready", "status")).isEqualTo("False");
            assertThat(condition("sim-1", "Ready", "reason")).isEqualTo("HeartbeatsMissed");
            assertThat(condition("sim-1", "Connected", "status")).isEqualTo("False");
        });
        assertThat(condition("sim-2", "Ready", "status")).isEqualTo("True");
        assertThat(seed.fleet().hub().link().call("sim-1", new RpcRequest.Ping(), Duration.ofSeconds(2))).isInstanceOf(Rpc.Outcome.Unavailable.class);
    }

    static GenericKubernetesResource tenant(String name, Map<String, Object> placement) {
        GenericKubernetesResource t = new GenericKubernetesResource();
        t.setApiVersion("tenancy.canopy.dev/v1alpha1");
        t.setKind("Tenant");
        t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        t.setAdditionalProperty("spec", Map.of("placement", placement));
        return t;
    }

    static void relabel(String cluster, String env) {
        clusters().withName(cluster).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"env\":\"" + env + "\"}}}");
    }
}
