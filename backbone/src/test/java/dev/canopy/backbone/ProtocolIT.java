package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.NatsClients.Client;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Decoded;
import dev.canopy.backbone.protocol.Decoded.Reason;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.Signup;
import dev.canopy.backbone.protocol.SignupAnswer;
import dev.canopy.backbone.protocol.StatusReport;
import dev.canopy.testkit.NatsServerFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The protocol end to end on a real nats-server with per-agent JWTs. */
class ProtocolIT {
    static TrustChain chain;
    static NatsServerFixture nats;
    final Codec codec = new Codec(16 * 1024);

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

    record Report(String cluster, StatusReport report) {}

    @Test
    void refusedMessagesFromOneAgentDoNotAffectAnother() throws Exception {
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client c1 = NatsClients.connect(nats.url(), chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"));
             Client c2 = NatsClients.connect(nats.url(), chain.agentCreds("c2"), Subjects.agentInboxPrefix("c2"))) {
            List<Report> reports = new CopyOnWriteArrayList<>();
            List<Inbound.Refused> refused = new CopyOnWriteArrayList<>();
            seed.connection().createDispatcher(Inbound.handler(codec, StatusReport.class, (cluster, m, raw) -> {
                if (m instanceof StatusReport.ClusterFacts) throw new IllegalStateException("application bug");
                reports.add(new Report(cluster, m));
            }, refused::add)).subscribe("fleet.*.status");
            seed.connection().flush(Duration.ofSeconds(5));

            var beat = new StatusReport.Heartbeat("0.1.0", Instant.parse("2026-01-01T00:00:00Z"), 3);
            c1.connection().publish(Subjects.status("c1"), "garbage".getBytes(StandardCharsets.UTF_8));
            c1.connection().publish(Subjects.status("c1"), new byte[20 * 1024]);
            c1.connection().publish(Subjects.status("c1"), "{\"v\":9,\"type\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8));
            c1.connection().publish(Subjects.status("c1"), codec.encode(new DesiredState.Snapshot(1, List.of())));
            c1.connection().publish(Subjects.status("c1"), codec.encode(new StatusReport.ClusterFacts("v1.32.0", 1)));
            c1.connection().publish(Subjects.status("c1"), codec.encode(beat));
            c2.connection().publish(Subjects.status("c2"), codec.encode(beat));

            await().until(() -> reports.size() == 2);
            assertThat(reports).containsExactlyInAnyOrder(new Report("c1", beat), new Report("c2", beat));
            assertThat(refused).extracting(r -> r.refusal().reason()).containsExactly(
                    Reason.NOT_JSON, Reason.TOO_LARGE, Reason.UNSUPPORTED_VERSION, Reason.WRONG_DIRECTION);
            assertThat(refused).extracting(Inbound.Refused::cluster).containsOnly("c1");
        }
    }

    @Test
    void leafAgentSignsUpWithItsOwnKeyAndConnectsOnceApproved() throws Exception {
        Creds boot = chain.bootstrapUser("tok7", Duration.ofMinutes(10));
        var agentKey = Keys.newUser();
        var approved = new java.util.concurrent.atomic.AtomicBoolean();
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client b = NatsClients.connect(nats.url(), boot, Subjects.bootstrapInboxPrefix("tok7"))) {
            seed.connection().createDispatcher(Inbound.handler(codec, Signup.class, (cluster, signup, raw) -> {
                SignupAnswer answer;
                if (!Keys.isUserPublicKey(signup.publicKey())) {
                    answer = new SignupAnswer(SignupAnswer.Status.REFUSED, "publicKey is not a user nkey", null);
                } else if (!approved.get()) {
                    answer = new SignupAnswer(SignupAnswer.Status.PENDING, null, null);
                } else {
                    answer = new SignupAnswer(SignupAnswer.Status.APPROVED, null, chain.agentJwt(signup.name(), signup.publicKey()));
                }
                Inbound.reply(seed.connection(), codec, raw, answer);
            }, r -> { })).subscribe(Subjects.SIGNUP);
            seed.connection().flush(Duration.ofSeconds(5));

            Signup request = new Signup("prod-1", Keys.publicKey(agentKey), java.util.Map.of("env", "prod"), "tok7",
                    new StatusReport.ClusterFacts("v1.32.1", 3));
            assertThat(ask(b, new Signup("prod-1", "not-a-key", null, "tok7", null)).status()).isEqualTo(SignupAnswer.Status.REFUSED);
            assertThat(ask(b, request).status()).isEqualTo(SignupAnswer.Status.PENDING);
            approved.set(true); // the operator approves the InterconnectRequest
            SignupAnswer answer = ask(b, request);
            assertThat(answer.status()).isEqualTo(SignupAnswer.Status.APPROVED);

            // the private key never left the agent: it pairs the approved JWT with its own seed
            Creds own = new Creds(answer.userJwt(), Keys.seed(agentKey));
            try (Client agent = NatsClients.connect(nats.url(), own, Subjects.agentInboxPrefix("prod-1"))) {
                agent.connection().publish(Subjects.status("prod-1"), codec.encode(new StatusReport.ClusterFacts("v1.32.1", 3)));
                agent.connection().flush(Duration.ofSeconds(5));
                assertThat(agent.errors()).isEmpty();
            }
        }
    }

    private SignupAnswer ask(Client bootstrap, Signup signup) throws InterruptedException {
        io.nats.client.Message m = bootstrap.connection().request(Subjects.SIGNUP, codec.encode(signup), Duration.ofSeconds(5));
        assertThat(m).isNotNull();
        return ((Decoded.Accepted<SignupAnswer>) codec.decode(m.getData(), SignupAnswer.class)).message();
    }

    @Test
    void seedCallsAgentRpcAndTimesOutWhenNoAgentListens() throws Exception {
        try (Client seed = NatsClients.connect(nats.url(), chain.seedUser("seed"), null);
             Client c1 = NatsClients.connect(nats.url(), chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"))) {
            ObjectNode ns = Json.object();
            ns.put("apiVersion", "v1").put("kind", "Namespace").putObject("metadata").put("name", "tenant-foo");
            c1.connection().createDispatcher(Rpc.serve(c1.connection(), codec, req -> switch (req) {
                case RpcRequest.Ping p -> new RpcResponse.Pong("0.1.0", 7);
                case RpcRequest.ListObjects l -> new RpcResponse.ObjectList(List.of(ns));
                case RpcRequest.GetObject g -> throw new IllegalStateException("cluster unreachable");
                case RpcRequest.ReapplyNow r -> new RpcResponse.ReapplyAccepted(7);
            })).subscribe(Subjects.rpc("c1"));
            c1.connection().flush(Duration.ofSeconds(5));

            Duration t = Duration.ofSeconds(5);
            assertThat(Rpc.call(seed.connection(), codec, "c1", new RpcRequest.Ping(), t))
                    .isEqualTo(new Rpc.Outcome.Answered(new RpcResponse.Pong("0.1.0", 7)));
            assertThat(Rpc.call(seed.connection(), codec, "c1", new RpcRequest.ListObjects("Namespace"), t))
                    .isEqualTo(new Rpc.Outcome.Answered(new RpcResponse.ObjectList(List.of(ns))));
            assertThat(Rpc.call(seed.connection(), codec, "c1", new RpcRequest.GetObject("Namespace", null, "x"), t))
                    .isEqualTo(new Rpc.Outcome.Answered(new RpcResponse.RpcError("Internal", "cluster unreachable")));
            assertThat(Rpc.call(seed.connection(), codec, "c3", new RpcRequest.Ping(), Duration.ofMillis(300)))
                    .isInstanceOf(Rpc.Outcome.Unavailable.class);
            assertThat(c1.errors()).isEmpty();
        }
    }
}
