package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.backbone.NatsClients.Client;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.testkit.NatsServerFixture;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trunks that follow the seed's account updates ({@link NatsConfig#trunkConfig(TrustChain, String, int, String,
 * Path, Path, Path, boolean, int)}: a CACHE resolver and the system account linked to the seed's): a
 * revocation pushed to the seed's server disconnects the revoked agent on the trunk, in both link directions,
 * while RPC keeps crossing the trunk for the others.
 */
class TrunkRevocationIT {
    final TrustChain chain = TrustChain.create("canopy-test", Clock.systemUTC());
    final Codec codec = Codec.standard();

    @Test
    void trunkDialsSeed(@TempDir Path dir) throws Exception {
        Path creds = Files.writeString(dir.resolve("trunk.creds"), chain.trunkUser("trunk-eu").render());
        Path sys = Files.writeString(dir.resolve("trunk-system.creds"), chain.systemUser().render());
        int seedLeaf = NatsServerFixture.freePort();
        Path seedJwt = Files.createDirectories(dir.resolve("seed-jwt"));
        try (NatsServerFixture seedNats = NatsServerFixture.start(p -> NatsConfig.seed(p).withFullResolver(seedJwt).withLeafPort(seedLeaf).render(chain));
             NatsServerFixture trunk = NatsServerFixture.start(p -> NatsConfig.trunkConfig(chain, "trunk-eu", p,
                     "nats-leaf://127.0.0.1:" + seedLeaf, creds, sys, dir.resolve("trunk-jwt"), false, 0))) {
            revocationCrossesTheTrunk(seedNats, trunk);
        }
    }

    @Test
    void seedDialsTrunkAsHub(@TempDir Path dir) throws Exception {
        Path creds = Files.writeString(dir.resolve("seed-link.creds"), chain.trunkUser("seed-link").render());
        Path sys = Files.writeString(dir.resolve("seed-link-system.creds"), chain.systemUser().render());
        int trunkLeaf = NatsServerFixture.freePort();
        Path seedJwt = Files.createDirectories(dir.resolve("seed-jwt"));
        try (NatsServerFixture trunk = NatsServerFixture.start(p -> NatsConfig.trunkConfig(chain, "trunk-eu", p,
                     null, null, null, dir.resolve("trunk-jwt"), true, trunkLeaf).replace("0.0.0.0", "127.0.0.1"));
             NatsServerFixture seedNats = NatsServerFixture.start(p -> {
                 NatsConfig c = NatsConfig.seed(p).withFullResolver(seedJwt);
                 for (var r : NatsConfig.seedRemotes(chain, "nats-leaf://127.0.0.1:" + trunkLeaf, creds, sys)) c = c.withRemote(r);
                 return c.render(chain);
             })) {
            revocationCrossesTheTrunk(seedNats, trunk);
        }
    }

    private void revocationCrossesTheTrunk(NatsServerFixture seedNats, NatsServerFixture trunk) throws Exception {
        NatsServerFixture.requireBinary();
        Creds c1 = chain.agentCreds("c1");
        try (Client seed = NatsClients.connect(seedNats.url(), chain.seedUser("seed"), null);
             Client sys = NatsClients.connect(seedNats.url(), chain.systemUser(), null);
             Client agent1 = NatsClients.connect(trunk.url(), c1, Subjects.agentInboxPrefix("c1"));
             Client agent2 = NatsClients.connect(trunk.url(), chain.agentCreds("c2"), Subjects.agentInboxPrefix("c2"))) {
            serve(agent2.connection(), "c2");
            await().until(() -> Rpc.call(seed.connection(), codec, "c2", new RpcRequest.Ping(), Duration.ofMillis(500)) instanceof Rpc.Outcome.Answered);

            TrustChain revoked = chain.revoke(c1.publicKey());
            assertThat(AccountPusher.push(sys.connection(), revoked.fleetAccountJwt(), Duration.ofSeconds(5)).ok()).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> agent1.sawError("Revoked") || agent1.sawError("Authorization Violation"));
            assertThat(agent1.connection().getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
            assertThat(agent2.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
            assertThat(Rpc.call(seed.connection(), codec, "c2", new RpcRequest.Ping(), Duration.ofSeconds(5))).isInstanceOf(Rpc.Outcome.Answered.class);
        }
    }

    private void serve(Connection c, String cluster) throws Exception {
        c.createDispatcher(Rpc.serve(c, codec, req -> new RpcResponse.Pong("0.1.0", 1))).subscribe(Subjects.rpc(cluster));
        c.flush(Duration.ofSeconds(5));
    }
}
