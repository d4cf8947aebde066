package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.agent.Agent;
import dev.canopy.agent.SimulatedDriver;
import dev.canopy.agent.transport.NatsAgentLink;
import dev.canopy.agent.transport.OwnedConnectionLink;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.server.Seed;
import dev.canopy.testkit.NatsServerFixture;
import dev.canopy.testkit.TestPostgres;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two seed replicas on one PostgreSQL and one NATS server: only the leader runs the hub; the other serves the API
 * (the objects subresource over NATS) and hears the agents' usage reports. Stopping the leader hands the fleet over: clusters stay Ready with
 * heartbeats the new leader counts, nothing already applied is applied again, and changes keep arriving. When the
 * leader's lock session is terminated in PostgreSQL, the replica loses the lead and a hub starts again.
 * The leaf agents are the test's own (on NATS), so they outlive either replica. Skipped without nats-server.
 */
class FleetLeaderIT {
    @TempDir
    Path dir;

    @Test
    void oneReplicaLeadsAndAnotherTakesOver() throws Exception {
        NatsServerFixture.requireBinary();
        String url = TestPostgres.newDatabase();
        try (Seed first = Seed.start(new Seed.Config(dir.resolve("a"), 0, "example.org", url), FleetOptions.defaults().withNats("managed", 0))) {
            assertThat(first.fleet().leading()).isTrue();
        }
        String natsConfig = Files.readString(dir.resolve("a/nats/nats.conf"));
        List<Agent> agents = new ArrayList<>();
        try (NatsServerFixture nats = NatsServerFixture.start(natsConfig)) {
            FleetOptions options = FleetOptions.defaults().withHeartbeat(Duration.ofMillis(200)).withNats(nats.url(), 0)
                    .withLeaderPoll(Duration.ofMillis(300));
            Seed a = Seed.start(new Seed.Config(dir.resolve("a"), 0, "example.org", url), options);
            try (Seed b = Seed.start(new Seed.Config(dir.resolve("b"), 0, "example.org", url), options);
                 KubernetesClient client = SeedRestartNatsIT.client(b)) {
                assertThat(a.fleet().leading()).isTrue();
                assertThat(b.fleet().leading()).isFalse();
                assertThat(b.fleet().hub()).isNull();
                java.util.Set<String> followerUsage = java.util.concurrent.ConcurrentHashMap.newKeySet();
                b.fleet().onUsage((cluster, u) -> u.namespaces().forEach(n -> followerUsage.add(cluster + "/" + n.namespace())));

                Codec codec = Codec.standard();
                SimulatedDriver dev = new SimulatedDriver();
                SimulatedDriver prod = new SimulatedDriver();
                for (var e : Map.of("leaf-1", dev, "leaf-2", prod).entrySet()) {
                    String name = e.getKey();
                    SimulatedFleet.ensureCluster(b.store(), name, Map.of("env", name.equals("leaf-1") ? "dev" : "prod"));
                    var conn = b.fleet().nats().orElseThrow().agentConnection(name);
                    agents.add(new Agent(name, e.getValue(), new OwnedConnectionLink(conn, new NatsAgentLink(conn, name, codec)),
                            Agent.Options.defaults().withHeartbeat(Duration.ofMillis(200)), Clock.systemUTC()).start());
                }
                ClusterView view = new ClusterView(client);
                awaitReady(view, Instant.EPOCH);
                client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Tenant").inNamespace("tenant-root").resource(
                        FleetIT.tenant("acme", Map.of("matchLabels", Map.of("env", "prod")))).create();
                await().atMost(Duration.ofSeconds(30)).until(() -> prod.get("Namespace", null, "tenant-acme").isPresent());
                var placed = prod.get("Namespace", null, "tenant-acme").orElseThrow().path("metadata").deepCopy();

                // the follower hears the agents' usage reports itself (kiosk's quota controllers run on every replica)
                await().atMost(Duration.ofSeconds(30)).until(() -> followerUsage.contains("leaf-2/tenant-acme"));
                // the follower answers the objects subresource through NATS
                Http.Response objects = new Http(client).get("/apis/fleet.canopy.dev/v1alpha1/clusters/leaf-2/objects?kind=Namespace");
                assertThat(objects.code()).isEqualTo(200);
                assertThat(objects.body().at("/items/0/metadata/name").asText()).isEqualTo("tenant-acme");

                Instant handover = Instant.now();
                a.close();
                await().atMost(Duration.ofSeconds(15)).until(() -> b.fleet().leading());
                awaitReady(view, handover.plusSeconds(1));   // heartbeats the new leader received
                // the new leader's snapshot holds what the agent has: nothing is created or updated again
                assertThat(prod.get("Namespace", null, "tenant-acme").orElseThrow().path("metadata")).isEqualTo(placed);

                client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Tenant").inNamespace("tenant-root").resource(
                        FleetIT.tenant("beta", Map.of("matchLabels", Map.of("env", "dev")))).create();
                await().atMost(Duration.ofSeconds(30)).until(() -> dev.get("Namespace", null, "tenant-beta").isPresent());

                // the leader's database session ends: it loses the lock, stops its hub, and (alone now) leads again
                FleetHub before = b.fleet().hub();
                try (var db = DriverManager.getConnection(url); var st = db.createStatement()) {
                    st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                            + FleetLeadership.APPLICATION_NAME + "'");
                }
                await().atMost(Duration.ofSeconds(15)).until(() -> b.fleet().hub() != null && b.fleet().hub() != before);
                client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Tenant").inNamespace("tenant-root").resource(
                        FleetIT.tenant("gamma", Map.of("matchLabels", Map.of("env", "prod")))).create();
                await().atMost(Duration.ofSeconds(30)).until(() -> prod.get("Namespace", null, "tenant-gamma").isPresent());
                assertThat(prod.get("Namespace", null, "tenant-acme").orElseThrow().path("metadata")).isEqualTo(placed);
                awaitReady(view, Instant.now().plusSeconds(1));
            } finally {
                agents.forEach(Agent::close);
                a.close();
            }
        }
    }

    private static void awaitReady(ClusterView view, Instant heartbeatAfter) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String c : List.of("leaf-1", "leaf-2")) {
                assertThat(view.condition(c, "Ready", "status")).as(c).isEqualTo("True");
                assertThat(Instant.parse(String.valueOf(view.status(c).get("lastHeartbeat")))).as(c).isAfterOrEqualTo(heartbeatAfter);
            }
        });
    }
}
