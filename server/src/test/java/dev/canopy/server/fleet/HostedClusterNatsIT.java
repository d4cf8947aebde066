package dev.canopy.server.fleet;

import dev.canopy.server.Seed;
import dev.canopy.testkit.NatsServerFixture;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link HostedClusterIT} on a seed with {@code --nats managed}: a Hosted cluster's agent stays in the seed's JVM
 * on the in-process bus beside the NATS link ({@code CombinedSeedLink}) and behaves the same. Skipped without
 * nats-server.
 */
@EnableKubernetesMockClient(crud = true)
class HostedClusterNatsIT extends HostedClusterIT {
    /** Runs after the superclass's in-process seed started: replaces it with one on NATS. */
    @BeforeAll
    static void startOnNats() {
        NatsServerFixture.requireBinary();
        seed.close();
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data-nats")),
                FleetOptions.defaults().withHeartbeat(Duration.ofMillis(200)).withNats("managed", 0));
    }
}
