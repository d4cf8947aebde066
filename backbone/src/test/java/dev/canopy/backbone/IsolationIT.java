package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.backbone.NatsClients.Client;
import dev.canopy.testkit.NatsServerFixture;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-agent JWT isolation on a real nats-server in operator mode (MEMORY resolver). */
class IsolationIT {
    static TrustChain chain;
    static NatsServerFixture nats;

    @BeforeAll
    static void start() {
        chain = TrustChain.create("canopy-test", Clock.systemUTC());
        // without a nats-server each test reports itself skipped (see requireNats), rather than the class vanishing
        if (NatsServerFixture.findBinary() != null) nats = NatsServerFixture.start(port -> NatsConfig.seed(port).render(chain));
    }

    @BeforeEach
    void requireNats() {
        NatsServerFixture.requireBinary();
    }

    @AfterAll
    static void stop() {
        if (nats != null) nats.close();
    }

    @Test
    void agentCannotPublishToAnotherClustersSubjects() throws Exception {
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client c1 = NatsClients.connect(nats.url(), chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"))) {
            List<String> seen = new CopyOnWriteArrayList<>();
            seed.connection().createDispatcher(m -> seen.add(m.getSubject())).subscribe("fleet.>");
            seed.connection().flush(Duration.ofSeconds(5));

            c1.connection().publish(Subjects.status("c2"), bytes("forged"));
            c1.connection().publish(Subjects.status("c1"), bytes("mine"));
            c1.connection().flush(Duration.ofSeconds(5));

            await().until(() -> seen.contains(Subjects.status("c1")));
            await().until(() -> c1.sawError("Permissions Violation for Publish to \"fleet.c2.status\""));
            // "mine" was published after "forged" on the same connection: order is preserved, so forged never came
            assertThat(seen).containsExactly(Subjects.status("c1"));
        }
    }

    @Test
    void agentCannotSubscribeToAnotherClustersSubjectsOrReplies() throws Exception {
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client c1 = NatsClients.connect(nats.url(), chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"))) {
            Subscription spy = c1.connection().subscribe("fleet.c2.>");
            Subscription spyInbox = c1.connection().subscribe("_INBOX_c2.>");
            Subscription spySeedInbox = c1.connection().subscribe("_INBOX.>");
            c1.connection().flush(Duration.ofSeconds(5));
            await().until(() -> c1.sawError("Permissions Violation for Subscription to \"fleet.c2.>\"")
                    && c1.sawError("Permissions Violation for Subscription to \"_INBOX_c2.>\"")
                    && c1.sawError("Permissions Violation for Subscription to \"_INBOX.>\""));

            Subscription own = c1.connection().subscribe(Subjects.desired("c1"));
            c1.connection().flush(Duration.ofSeconds(5));
            seed.connection().publish(Subjects.desired("c2"), bytes("for c2"));
            seed.connection().publish("_INBOX_c2.x", bytes("c2's reply"));
            seed.connection().publish(Subjects.desired("c1"), bytes("for c1"));
            seed.connection().flush(Duration.ofSeconds(5));

            Message m = own.nextMessage(Duration.ofSeconds(5));
            assertThat(m).isNotNull();
            assertThat(text(m)).isEqualTo("for c1");
            // everything published before "for c1" would have been delivered by now: none came
            assertThat(spy.nextMessage(Duration.ofMillis(50))).isNull();
            assertThat(spyInbox.nextMessage(Duration.ofMillis(50))).isNull();
            assertThat(spySeedInbox.nextMessage(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void seedAndAgentRequestReplyBothWays() throws Exception {
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client c1 = NatsClients.connect(nats.url(), chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"))) {
            // seed -> agent RPC: the agent answers through its resp permission
            c1.connection().createDispatcher(m -> c1.connection().publish(m.getReplyTo(), bytes("pong")))
                    .subscribe(Subjects.rpc("c1"));
            // agent -> seed request on its own status subject, answered by the seed
            seed.connection().createDispatcher(m -> seed.connection().publish(m.getReplyTo(), bytes("ack")))
                    .subscribe("fleet.*.status");
            c1.connection().flush(Duration.ofSeconds(5));
            seed.connection().flush(Duration.ofSeconds(5));

            Message pong = seed.connection().request(Subjects.rpc("c1"), bytes("ping"), Duration.ofSeconds(5));
            assertThat(pong).isNotNull();
            assertThat(text(pong)).isEqualTo("pong");
            Message ack = c1.connection().request(Subjects.status("c1"), bytes("hello"), Duration.ofSeconds(5));
            assertThat(ack).isNotNull();
            assertThat(ack.getSubject()).startsWith("_INBOX_c1.");
            assertThat(text(ack)).isEqualTo("ack");
            assertThat(c1.errors()).isEmpty();
        }
    }

    @Test
    void agentCannotReflectItsOwnRequestIntoAnotherClusterThroughResp() throws Exception {
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client c1 = NatsClients.connect(nats.url(), chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"))) {
            List<String> seen = new CopyOnWriteArrayList<>();
            seed.connection().createDispatcher(m -> seen.add(m.getSubject() + ":" + text(m))).subscribe("fleet.>");
            seed.connection().flush(Duration.ofSeconds(5));
            // c1 answers every request it receives, as an RPC server does
            var d = c1.connection().createDispatcher(m -> {
                if (m.getReplyTo() != null) c1.connection().publish(m.getReplyTo(), bytes("reflected"));
            });
            for (String subject : Subjects.agentSubscribe("c1")) d.subscribe(subject);
            c1.connection().flush(Duration.ofSeconds(5));

            // a request to itself whose reply subject is c2's: resp must not open fleet.c2.status to c1
            c1.connection().publish(Subjects.status("c1"), Subjects.status("c2"), bytes("trick"));
            c1.connection().publish(Subjects.rpc("c1"), Subjects.status("c2"), bytes("trick"));
            c1.connection().flush(Duration.ofSeconds(5));
            c1.connection().publish(Subjects.status("c1"), bytes("done"));
            c1.connection().flush(Duration.ofSeconds(5));

            await().until(() -> seen.contains(Subjects.status("c1") + ":done"));
            assertThat(seen).noneMatch(s -> s.startsWith("fleet.c2."));
        }
    }

    @Test
    void bootstrapUserMayOnlyPublishSignups() throws Exception {
        Creds boot = chain.bootstrapUser("tok1", Duration.ofHours(1));
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client b = NatsClients.connect(nats.url(), boot, Subjects.bootstrapInboxPrefix("tok1"))) {
            List<String> seen = new CopyOnWriteArrayList<>();
            seed.connection().createDispatcher(m -> {
                seen.add(m.getSubject());
                if (m.getReplyTo() != null) seed.connection().publish(m.getReplyTo(), bytes("filed"));
            }).subscribe("fleet.>");
            seed.connection().flush(Duration.ofSeconds(5));

            b.connection().subscribe("fleet.>");
            b.connection().publish(Subjects.status("c1"), bytes("forged"));
            Message answer = b.connection().request(Subjects.SIGNUP, bytes("signup"), Duration.ofSeconds(5));

            assertThat(answer).isNotNull();
            assertThat(text(answer)).isEqualTo("filed");
            await().until(() -> b.sawError("Permissions Violation for Subscription to \"fleet.>\"")
                    && b.sawError("Permissions Violation for Publish to \"fleet.c1.status\""));
            assertThat(seen).containsExactly(Subjects.SIGNUP);
        }
    }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static String text(Message m) { return new String(m.getData(), StandardCharsets.UTF_8); }
}
