package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.server.Seed;
import dev.canopy.testkit.NatsServerFixture;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code canopy up --nats URL}, as docs/operations.md describes it: a server configured with the
 * {@code nats.conf} a managed run wrote (same database, so the same operator) serves a seed started with its
 * URL; simulated agents connect with their own JWTs and turn Ready. Skipped without nats-server.
 */
class ExternalNatsIT {
    @Test
    void aSeedOnAnExistingServerTrustingItsOperator(@TempDir Path dir) throws Exception {
        NatsServerFixture.requireBinary();
        Path data = dir.resolve("data");
        try (Seed first = Seed.start(Seed.Config.forTest(data), FleetOptions.defaults().withNats("managed", 0))) {
            assertThat(first.fleet().nats()).isPresent();
        }
        String config = Files.readString(data.resolve("nats/nats.conf"));
        try (NatsServerFixture external = NatsServerFixture.start(config);
             Seed seed = Seed.start(Seed.Config.forTest(data), FleetOptions.defaults().withSimulatedClusters(2)
                     .withHeartbeat(Duration.ofMillis(200)).withNats(external.url(), 0));
             KubernetesClient client = SeedRestartNatsIT.client(seed)) {
            assertThat(seed.fleet().nats().orElseThrow().url()).isEqualTo(external.url());
            ClusterView view = new ClusterView(client);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String c : List.of("sim-1", "sim-2")) assertThat(view.condition(c, "Ready", "status")).as(c).isEqualTo("True");
            });
        }
    }
}
