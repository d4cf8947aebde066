package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.agent.Agent;
import dev.canopy.agent.SimulatedDriver;
import dev.canopy.agent.transport.NatsAgentLink;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.server.Seed;
import dev.canopy.server.fleet.nats.NatsBackbone;
import dev.canopy.testkit.NatsServerFixture;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code canopy trunk config}'s API on a seed with a managed nats-server and a leaf port: the configuration it
 * returns starts a real trunk nats-server that links to the seed's, an agent connected to the trunk
 * reaches Ready on the seed, and revoking its key on the seed drops it on the trunk. Only admins get it. Skipped without nats-server.
 */
class TrunkConfigIT {
    @Test
    void aTrunkFromTheReturnedConfigCarriesAnAgentToReady(@TempDir Path dir) throws Exception {
        NatsServerFixture.requireBinary();
        int leafPort = NatsServerFixture.freePort();
        try (Seed seed = Seed.start(Seed.Config.forTest(dir.resolve("data")), FleetOptions.defaults().withHeartbeat(Duration.ofMillis(200))
                .withNats("managed", 0).withNatsLeafPort(leafPort))) {
            Config c = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
            c.setRequestRetryBackoffLimit(0);
            Config b = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
            b.setImpersonateUsername("bob");
            b.setImpersonateGroups("system:authenticated");
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(c).build();
                 KubernetesClient bob = new KubernetesClientBuilder().withConfig(b).build()) {
                Path creds = dir.resolve("trunk-eu.creds");
                String req = "{\"apiVersion\":\"fleet.canopy.dev/v1alpha1\",\"kind\":\"TrunkConfig\",\"spec\":{\"name\":\"trunk-eu\",\"credentialsPath\":\"" + creds + "\"}}";
                assertThat(new Http(bob).post("/apis/fleet.canopy.dev/v1alpha1/trunkconfigs", req).code()).isEqualTo(403);
                Http.Response r = new Http(client).post("/apis/fleet.canopy.dev/v1alpha1/trunkconfigs", req);
                assertThat(r.code()).as(r.body().toString()).isEqualTo(201);
                String config = r.body().at("/status/config").asText();
                assertThat(config).contains("nats-leaf://127.0.0.1:" + leafPort).contains(creds.toString());
                Files.writeString(creds, r.body().at("/status/credentials").asText());
                Files.writeString(Path.of(r.body().at("/spec/systemCredentialsPath").asText()), r.body().at("/status/systemCredentials").asText());

                SimulatedFleet.ensureCluster(seed.store(), "via-trunk", Map.of("env", "edge"));
                try (NatsServerFixture trunk = NatsServerFixture.start(config)) {
                    NatsBackbone nats = seed.fleet().nats().orElseThrow();
                    var agentCreds = nats.chain().agentCreds("via-trunk");
                    Connection conn = NatsBackbone.connect(trunk.url(), agentCreds, Subjects.agentInboxPrefix("via-trunk"), "agent-via-trunk");
                    try (Agent a = new Agent("via-trunk", new SimulatedDriver(), new NatsAgentLink(conn, "via-trunk", Codec.standard()),
                            Agent.Options.defaults().withHeartbeat(Duration.ofMillis(200)), Clock.systemUTC()).start()) {
                        ClusterView view = new ClusterView(client);
                        await().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(view.condition("via-trunk", "Ready", "status")));
                        // a revocation on the seed reaches the trunk over its system-account link: the agent is dropped there
                        nats.revoke(agentCreds.publicKey());
                        await().atMost(Duration.ofSeconds(30)).until(() -> conn.getStatus() != Connection.Status.CONNECTED);
                        await().atMost(Duration.ofSeconds(30)).until(() -> "False".equals(view.condition("via-trunk", "Ready", "status")));
                    } finally {
                        conn.close();
                    }
                }
            }
        }
    }
}
