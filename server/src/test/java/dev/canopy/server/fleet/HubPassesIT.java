package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.server.Seed;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's cheaper passes change nothing a user sees: with a heartbeat of a minute (so no periodic full pass
 * helps during the test), relabelling one cluster (a pass over that cluster only) moves a placed namespace onto
 * it and off again, and the cluster's own status writes (apply results) do not undo it.
 */
class HubPassesIT {
    @Test
    void aRelabelledClusterIsRecomputedWithoutAFullPass(@TempDir Path dir) throws Exception {
        try (Seed seed = Seed.start(Seed.Config.forTest(dir.resolve("data")),
                FleetOptions.defaults().withSimulatedClusters(2).withHeartbeat(Duration.ofMinutes(1)));
             KubernetesClient client = SeedRestartNatsIT.client(seed)) {
            var sim = seed.fleet().simulated().orElseThrow();
            client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Tenant").inNamespace("tenant-root").resource(
                    FleetIT.tenant("acme", Map.of("matchLabels", Map.of("team", "a")))).create();
            var clusters = client.genericKubernetesResources("fleet.canopy.dev/v1alpha1", "Cluster");
            clusters.withName("sim-2").edit(c -> { c.getMetadata().getLabels().put("team", "a"); return c; });
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.driver("sim-2").orElseThrow().get("Namespace", null, "tenant-acme").isPresent());
            assertThat(sim.driver("sim-1").orElseThrow().get("Namespace", null, "tenant-acme")).isEmpty();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(new ClusterView(client).status("sim-2")).containsEntry("managedObjects", 1));

            clusters.withName("sim-2").edit(c -> { c.getMetadata().getLabels().remove("team"); return c; });
            clusters.withName("sim-1").edit(c -> { c.getMetadata().getLabels().put("team", "a"); return c; });
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.driver("sim-1").orElseThrow().get("Namespace", null, "tenant-acme").isPresent()
                    && sim.driver("sim-2").orElseThrow().get("Namespace", null, "tenant-acme").isEmpty());
        }
    }
}
