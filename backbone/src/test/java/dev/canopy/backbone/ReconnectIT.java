package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.backbone.NatsClients.Client;
import dev.canopy.testkit.NatsServerFixture;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** After a nats-server restart, jnats reconnects seed and agent with their JWTs and RPC works again. */
class ReconnectIT {

    @Test
    void clientsReconnectAfterServerRestartAndRequestReplyWorksAgain() throws Exception {
        TrustChain chain = TrustChain.create("canopy-test", Clock.systemUTC());
        try (NatsServerFixture nats = NatsServerFixture.start(port -> NatsConfig.seed(port).render(chain));
             Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client c1 = NatsClients.connect(nats.url(), chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"))) {
            c1.connection().createDispatcher(m -> c1.connection().publish(m.getReplyTo(), m.getData()))
                    .subscribe(Subjects.rpc("c1"));
            c1.connection().flush(Duration.ofSeconds(5));
            assertThat(echo(seed, "before")).isEqualTo("before");

            nats.restart();

            await().until(() -> seed.connection().getStatus() == Connection.Status.CONNECTED
                    && c1.connection().getStatus() == Connection.Status.CONNECTED);
            // the agent's subscription is re-sent on reconnect; flush proves the server has processed it
            c1.connection().flush(Duration.ofSeconds(5));
            assertThat(echo(seed, "after")).isEqualTo("after");
            assertThat(seed.connection().getStatistics().getReconnects()).isPositive();
            assertThat(c1.connection().getStatistics().getReconnects()).isPositive();
        }
    }

    private static String echo(Client seed, String text) throws InterruptedException {
        Message m = seed.connection().request(Subjects.rpc("c1"), text.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertThat(m).as("reply to " + text).isNotNull();
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
