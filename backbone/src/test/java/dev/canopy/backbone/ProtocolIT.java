package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.NatsClients.Client;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Decoded.Reason;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
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
import org.junit.jupiter.api.Test;

/** The protocol end to end on a real nats-server with per-agent JWTs. */
class ProtocolIT {
    static TrustChain chain;
    static NatsServerFixture nats;
    final Codec codec = new Codec(16 * 1024);

    @BeforeAll
    static void start() {
        chain = TrustChain.create("canopy-test", Clock.systemUTC());
        nats = NatsServerFixture.start(port -> NatsConfig.seed(port).render(chain));
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
