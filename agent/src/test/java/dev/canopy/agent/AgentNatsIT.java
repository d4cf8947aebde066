package dev.canopy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.agent.transport.NatsAgentLink;
import dev.canopy.agent.transport.NatsSeedLink;
import dev.canopy.backbone.Creds;
import dev.canopy.backbone.NatsConfig;
import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.TrustChain;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.StatusReport;
import dev.canopy.testkit.NatsServerFixture;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed link ↔ agents over a real nats-server in operator mode with per-agent JWTs: desired state is applied
 * on the addressed cluster only, reports and RPC flow, and after a nats-server restart the agent reconnects,
 * keeps its revision, applies nothing twice and takes the next delta. Skipped without nats-server.
 */
class AgentNatsIT {
    static TrustChain chain;
    static NatsServerFixture nats;

    record Report(String cluster, StatusReport report) {}

    @BeforeAll
    static void start() {
        chain = TrustChain.create("canopy-agent-test", Clock.systemUTC());
        if (NatsServerFixture.findBinary() != null) nats = NatsServerFixture.start(port -> NatsConfig.seed(port).render(chain));
    }

    @BeforeEach
    void requireNats() { NatsServerFixture.requireBinary(); }

    @AfterAll
    static void stop() {
        if (nats != null) nats.close();
    }

    static Connection connect(Creds creds, String inboxPrefix) throws Exception {
        Options.Builder b = Options.builder().server(nats.url()).authHandler(Nats.staticCredentials(creds.bytes()))
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1).reconnectWait(Duration.ofMillis(50));
        if (inboxPrefix != null) b.inboxPrefix(inboxPrefix);
        return Nats.connect(b.build());
    }

    @Test
    void desiredStateReportsRpcAndResumeAfterARestart() throws Exception {
        Codec codec = Codec.standard();
        List<Report> reports = new CopyOnWriteArrayList<>();
        Connection seedConn = connect(chain.seedUser("seed"), null);
        Connection c1Conn = connect(chain.agentCreds("c1"), Subjects.agentInboxPrefix("c1"));
        Connection c2Conn = connect(chain.agentCreds("c2"), Subjects.agentInboxPrefix("c2"));
        SimulatedDriver d1 = new SimulatedDriver();
        SimulatedDriver d2 = new SimulatedDriver();
        try (NatsSeedLink seed = new NatsSeedLink(seedConn, codec);
             Agent a1 = new Agent("c1", d1, new NatsAgentLink(c1Conn, "c1", codec), Agent.Options.defaults().withHeartbeat(Duration.ofMillis(100)), Clock.systemUTC());
             Agent a2 = new Agent("c2", d2, new NatsAgentLink(c2Conn, "c2", codec), Agent.Options.defaults().withHeartbeat(Duration.ofMillis(100)), Clock.systemUTC())) {
            seed.start((c, r) -> reports.add(new Report(c, r)));
            seedConn.flush(Duration.ofSeconds(5));
            a1.start();
            a2.start();
            c1Conn.flush(Duration.ofSeconds(5));
            c2Conn.flush(Duration.ofSeconds(5));
            await().untilAsserted(() -> assertThat(reports).anyMatch(r -> r.cluster().equals("c2") && r.report() instanceof StatusReport.ClusterFacts f
                    && "simulated".equals(f.driver())));

            seed.publish("c1", new DesiredState.Snapshot(2, List.of(AgentTest.ns("a"), AgentTest.ns("b"))));
            await().until(() -> a1.appliedRevision() == 2);
            assertThat(d1.listManaged("Namespace")).hasSize(2);
            assertThat(d2.listManaged(null)).isEmpty();
            await().untilAsserted(() -> assertThat(reports).anyMatch(r -> r.cluster().equals("c1") && r.report() instanceof StatusReport.ApplyResults ar
                    && ar.revision() == 2));

            assertThat(seed.call("c1", new RpcRequest.Ping(), Duration.ofSeconds(5))).isEqualTo(new Rpc.Outcome.Answered(new RpcResponse.Pong(Agent.VERSION, 2)));
            assertThat(seed.call("c1", new RpcRequest.GetObject("Namespace", null, "a"), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(Rpc.Outcome.Answered.class, a -> assertThat(((RpcResponse.ObjectFound) a.response()).object()).isNotNull());

            // restart: the agent reconnects, keeps revision 2; a redelivered snapshot applies nothing twice
            int applies = a1.applies();
            nats.restart();
            reports.clear();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reports).anyMatch(r -> r.cluster().equals("c1")
                    && r.report() instanceof StatusReport.Heartbeat h && h.appliedRevision() == 2));
            seed.publish("c1", new DesiredState.Snapshot(2, List.of(AgentTest.ns("a"), AgentTest.ns("b"))));
            seed.publish("c1", new DesiredState.Delta(2, 3, List.of(), List.of(new ObjectRef("v1", "Namespace", null, "b"))));
            await().until(() -> a1.appliedRevision() == 3);
            assertThat(a1.applies()).isEqualTo(applies + 1);
            assertThat(d1.listManaged("Namespace")).extracting(o -> o.at("/metadata/name").asText()).containsExactly("a");
        } finally {
            c1Conn.close();
            c2Conn.close();
            seedConn.close();
        }
    }
}
