package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.server.Seed;
import dev.canopy.testkit.NatsServerFixture;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
 * {@code canopy up --nats managed --simulate-clusters 2}: the seed runs Debian's nats-server, each simulated
 * agent connects over NATS with its own user JWT, the clusters turn Ready and a placed tenant's namespace
 * arrives on the matching one. Skipped without nats-server.
 */
class FleetNatsIT {
    @TempDir
    static Path dir;
    static Seed seed;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        if (NatsServerFixture.findBinary() == null) return;
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")),
                FleetOptions.defaults().withSimulatedClusters(2).withHeartbeat(Duration.ofMillis(200)).withNats("managed", 0));
        Config c = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
        c.setRequestRetryBackoffLimit(0);
        client = new KubernetesClientBuilder().withConfig(c).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (seed != null) seed.close();
    }

    @Test
    void simulatedAgentsOnNatsTurnReadyAndReceiveThePlacedNamespace() {
        NatsServerFixture.requireBinary();
        var nats = seed.fleet().nats().orElseThrow();
        assertThat(nats.url()).startsWith("nats://127.0.0.1:");
        assertThat(dir.resolve("data/nats/nats.conf")).exists();
        // the agents are not on the in-process bus: every message crosses nats-server
        assertThat(seed.fleet().bus().serves("sim-1")).isFalse();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String c : List.of("sim-1", "sim-2")) assertThat(condition(c, "Ready", "status")).as(c).isEqualTo("True");
        });
        client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Tenant").inNamespace("tenant-root").resource(
                FleetIT.tenant("acme", Map.of("matchLabels", Map.of("env", "prod")))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> hasNamespace("sim-2", "tenant-acme"));
        assertThat(hasNamespace("sim-1", "tenant-acme")).isFalse();
        await().untilAsserted(() -> assertThat(status("sim-2")).containsEntry("managedObjects", 1));

    }

    static ClusterView view() { return new ClusterView(client); }

    static String condition(String cluster, String type, String field) { return view().condition(cluster, type, field); }

    static Map<String, Object> status(String cluster) { return view().status(cluster); }

    static boolean hasNamespace(String cluster, String ns) {
        return seed.fleet().simulated().orElseThrow().driver(cluster).orElseThrow().get("Namespace", null, ns).isPresent();
    }
}
