package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.agent.SimulatedDriver;
import dev.canopy.agent.leaf.Leaf;
import dev.canopy.server.Seed;
import dev.canopy.testkit.NatsServerFixture;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's NATS trust chain lives in PostgreSQL: after a seed restart on the same data directory the
 * managed nats-server trusts the same operator, an approved leaf agent reconnects by itself with the JWT it
 * stored and its Cluster turns Ready again. Skipped without nats-server.
 */
class SeedRestartNatsIT {
    @Test
    void anApprovedLeafComesBackAfterASeedRestart(@TempDir Path dir) throws Exception {
        NatsServerFixture.requireBinary();
        int port = NatsServerFixture.freePort();
        FleetOptions opts = FleetOptions.defaults().withHeartbeat(Duration.ofMillis(200)).withNats("managed", port);
        Path data = dir.resolve("data");
        String operator;
        Leaf leaf;
        try (Seed seed = Seed.start(Seed.Config.forTest(data), opts)) {
            operator = seed.fleet().nats().orElseThrow().chain().operatorPublicKey();
            try (KubernetesClient client = client(seed)) {
                Http admin = new Http(client);
                String token = admin.post("/apis/fleet.canopy.dev/v1alpha1/bootstraptokens",
                        "{\"apiVersion\":\"fleet.canopy.dev/v1alpha1\",\"kind\":\"BootstrapToken\"}").body().at("/status/token").asText();
                CompletableFuture<Leaf> f = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Leaf.start(new Leaf.Config("nats://127.0.0.1:" + port, token, "edge-1", Map.of("env", "edge"), dir.resolve("state"),
                                Duration.ofMillis(200), Duration.ofMillis(200)), new SimulatedDriver(), m -> { });
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> admin.get(RegistrationIT.IR + "edge-1").code() == 200);
                assertThat(admin.mergePatch(RegistrationIT.IR + "edge-1", "{\"spec\":{\"approved\":true}}").code()).isEqualTo(200);
                leaf = f.get(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(new ClusterView(client).condition("edge-1", "Ready", "status")));
            }
        }
        try {
            try (Seed seed = Seed.start(Seed.Config.forTest(data), opts); KubernetesClient client = client(seed)) {
                assertThat(seed.fleet().nats().orElseThrow().chain().operatorPublicKey()).isEqualTo(operator);
                ClusterView view = new ClusterView(client);
                // the hub starts from scratch; the agent's reconnect and heartbeats bring the cluster back
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Map<String, Object> st = view.status("edge-1");
                    return st != null && "True".equals(view.condition("edge-1", "Ready", "status"))
                            && seed.fleet().hub().link().call("edge-1", new dev.canopy.backbone.protocol.RpcRequest.Ping(), Duration.ofSeconds(2))
                            instanceof dev.canopy.backbone.Rpc.Outcome.Answered;
                });
                assertThat(leaf.isStopped()).isFalse();
            }
        } finally {
            leaf.close();
        }
    }

    static KubernetesClient client(Seed seed) throws Exception {
        Config c = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
        c.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(c).build();
    }
}
