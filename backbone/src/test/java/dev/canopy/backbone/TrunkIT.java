package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.backbone.NatsClients.Client;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.testkit.NatsServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents behind a trunk relay: the generated trunk configuration links to the seed's server over a
 * leafnode connection, in both directions (trunk dials seed; seed dials trunk with {@code hub: true}),
 * and seed-to-agent RPC crosses it while agent isolation still holds on the trunk.
 */
class TrunkIT {
    final TrustChain chain = TrustChain.create("canopy-test", Clock.systemUTC());
    final Codec codec = Codec.standard();

    @Test
    void trunkDialsSeed(@TempDir Path dir) throws Exception {
        Path creds = Files.writeString(dir.resolve("trunk.creds"), chain.trunkUser("trunk-eu").render());
        int seedLeaf = NatsServerFixture.freePort();
        try (NatsServerFixture seedNats = NatsServerFixture.start(p -> NatsConfig.seed(p).withLeafPort(seedLeaf).render(chain));
             NatsServerFixture trunk = NatsServerFixture.start(p -> NatsConfig.trunkConfig(chain, "trunk-eu", p,
                     "nats-leaf://127.0.0.1:" + seedLeaf, creds, false, 0))) {
            rpcCrossesTheTrunk(seedNats, trunk);
        }
    }

    @Test
    void seedDialsTrunkAsHub(@TempDir Path dir) throws Exception {
        Path creds = Files.writeString(dir.resolve("seed-link.creds"), chain.trunkUser("seed-link").render());
        int trunkLeaf = NatsServerFixture.freePort();
        try (NatsServerFixture trunk = NatsServerFixture.start(p -> NatsConfig.trunkConfig(chain, "trunk-eu", p,
                     null, null, true, trunkLeaf).replace("0.0.0.0", "127.0.0.1"));
             NatsServerFixture seedNats = NatsServerFixture.start(p -> NatsConfig.seed(p)
                     .withRemote(new NatsConfig.LeafRemote("nats-leaf://127.0.0.1:" + trunkLeaf, creds, chain.fleetAccountId(), true))
                     .render(chain))) {
            rpcCrossesTheTrunk(seedNats, trunk);
        }
    }

    private void rpcCrossesTheTrunk(NatsServerFixture seedNats, NatsServerFixture trunk) throws Exception {
        try (Client seed = NatsClients.connect(seedNats.url(), chain.seedUser("seed"), null);
             Client c1 = NatsClients.connect(trunk.url(), chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"))) {
            c1.connection().createDispatcher(Rpc.serve(c1.connection(), codec, req -> new RpcResponse.Pong("0.1.0", 1)))
                    .subscribe(Subjects.rpc("c1"));
            c1.connection().flush(Duration.ofSeconds(5));
            // the leafnode link comes up asynchronously and propagates the agent's interest to the seed
            await().until(() -> Rpc.call(seed.connection(), codec, "c1", new RpcRequest.Ping(), Duration.ofMillis(500))
                    instanceof Rpc.Outcome.Answered);
            assertThat(Rpc.call(seed.connection(), codec, "c1", new RpcRequest.Ping(), Duration.ofSeconds(5)))
                    .isEqualTo(new Rpc.Outcome.Answered(new RpcResponse.Pong("0.1.0", 1)));

            // isolation is enforced by the trunk too
            c1.connection().subscribe("fleet.c2.>");
            c1.connection().flush(Duration.ofSeconds(5));
            await().until(() -> c1.sawError("Permissions Violation for Subscription to \"fleet.c2.>\""));
        }
    }
}
