package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.canopy.backbone.NatsClients.Client;
import dev.canopy.testkit.NatsServerFixture;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revoking one agent on a real nats-server: it is disconnected, cannot come back, and others stay. */
class RevocationIT {

    @Test
    void revokedAgentIsDisconnectedAndCannotReconnectFullResolver(@TempDir Path jwtDir) throws Exception {
        TrustChain chain = TrustChain.create("canopy-test", Clock.systemUTC());
        try (NatsServerFixture nats = NatsServerFixture.start(port -> NatsConfig.seed(port).withFullResolver(jwtDir).render(chain))) {
            Creds c1Creds = chain.agentCreds("c1");
            Creds c2Creds = chain.agentCreds("c2");
            try (Client c1 = NatsClients.connect(nats.url(), c1Creds, Subjects.agentInboxPrefix("c1"));
                 Client c2 = NatsClients.connect(nats.url(), c2Creds, Subjects.agentInboxPrefix("c2"));
                 Client sys = NatsClients.connect(nats.url(), chain.systemUser(), null)) {
                TrustChain revoked = chain.revoke(c1Creds.publicKey());
                AccountPusher.Result r = AccountPusher.push(sys.connection(), revoked.fleetAccountJwt(), Duration.ofSeconds(5));
                assertThat(r.ok()).as(r.toString()).isTrue();

                // the server closes the revoked agent's connection at once, telling it why
                await().until(() -> c1.sawError("User Authentication Revoked"));
                assertThat(c1.connection().getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
                assertRefused(nats, c1Creds, "c1");
                assertThat(c2.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
                assertStillWorks(nats, chain, c2);

                // the revocation survives a server restart (the full resolver stored the new account JWT)
                nats.restart();
                assertRefused(nats, c1Creds, "c1");
            }
        }
    }

    @Test
    void successiveRevocationsEachTakeEffect(@TempDir Path jwtDir) throws Exception {
        TrustChain chain = TrustChain.create("canopy-test", Clock.systemUTC());
        try (NatsServerFixture nats = NatsServerFixture.start(port -> NatsConfig.seed(port).withFullResolver(jwtDir).render(chain))) {
            Creds c1Creds = chain.agentCreds("c1");
            Creds c2Creds = chain.agentCreds("c2");
            Creds c3Creds = chain.agentCreds("c3");
            try (Client c1 = NatsClients.connect(nats.url(), c1Creds, Subjects.agentInboxPrefix("c1"));
                 Client c2 = NatsClients.connect(nats.url(), c2Creds, Subjects.agentInboxPrefix("c2"));
                 Client c3 = NatsClients.connect(nats.url(), c3Creds, Subjects.agentInboxPrefix("c3"));
                 Client sys = NatsClients.connect(nats.url(), chain.systemUser(), null)) {
                // two revocations within the same second: each re-issued account JWT must still be newer
                TrustChain first = chain.revoke(c1Creds.publicKey());
                TrustChain second = first.revoke(c2Creds.publicKey());
                assertThat(AccountPusher.push(sys.connection(), first.fleetAccountJwt(), Duration.ofSeconds(5)).ok()).isTrue();
                await().until(() -> c1.sawError("User Authentication Revoked"));
                assertThat(AccountPusher.push(sys.connection(), second.fleetAccountJwt(), Duration.ofSeconds(5)).ok()).isTrue();
                await().until(() -> c2.sawError("User Authentication Revoked"));
                assertRefused(nats, c2Creds, "c2");
                // nats-server 2.9.10 also accepts a stale account JWT (it would undo c2's revocation), so the
                // seed persists every re-issued JWT first and only ever pushes its latest one
                assertThat(c3.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
                assertThat(c3.errors()).isEmpty();
            }
        }
    }

    @Test
    void revokedAgentIsRefusedAfterMemoryResolverReload() throws Exception {
        TrustChain chain = TrustChain.create("canopy-test", Clock.systemUTC());
        try (NatsServerFixture nats = NatsServerFixture.start(port -> NatsConfig.seed(port).render(chain))) {
            Creds c1Creds = chain.agentCreds("c1");
            try (Client c1 = NatsClients.connect(nats.url(), c1Creds, Subjects.agentInboxPrefix("c1"))) {
                TrustChain revoked = chain.revoke(c1Creds.publicKey());
                nats.writeConfig(NatsConfig.seed(nats.port()).render(revoked));
                nats.reload();
                await().until(() -> c1.sawError("User Authentication Revoked"));
                assertRefused(nats, c1Creds, "c1");
            }
        }
    }

    static void assertRefused(NatsServerFixture nats, Creds creds, String cluster) {
        assertThatThrownBy(() -> NatsClients.connectOnce(nats.url(), creds, Subjects.agentInboxPrefix(cluster)).close())
                .hasMessageContaining("Authorization Violation");
    }

    static void assertStillWorks(NatsServerFixture nats, TrustChain chain, Client c2) throws Exception {
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null)) {
            c2.connection().createDispatcher(m -> c2.connection().publish(m.getReplyTo(), m.getData()))
                    .subscribe(Subjects.rpc("c2"));
            c2.connection().flush(Duration.ofSeconds(5));
            Message m = seed.connection().request(Subjects.rpc("c2"), new byte[] {1}, Duration.ofSeconds(5));
            assertThat(m).isNotNull();
        }
    }
}
