package dev.canopy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.agent.transport.InProcessBus;
import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Seed ↔ agent over the in-process bus: desired state in, reports out, RPC, and a closed agent is unavailable. */
class InProcessBusTest {

    record Report(String cluster, StatusReport report) {}

    @Test
    void snapshotsReportsAndRpcFlowBetweenSeedAndAgents() {
        List<Report> reports = new CopyOnWriteArrayList<>();
        try (InProcessBus bus = new InProcessBus()) {
            bus.start((c, r) -> reports.add(new Report(c, r)));
            SimulatedDriver d1 = new SimulatedDriver();
            Agent a1 = new Agent("c1", d1, bus.agentLink("c1"), Agent.Options.defaults().withHeartbeat(Duration.ofMillis(50)), Clock.systemUTC()).start();
            Agent a2 = new Agent("c2", new SimulatedDriver(), bus.agentLink("c2"), Agent.Options.defaults(), Clock.systemUTC()).start();
            await().untilAsserted(() -> assertThat(reports).anyMatch(r -> r.cluster().equals("c2") && r.report() instanceof StatusReport.ClusterFacts));

            bus.publish("c1", new DesiredState.Snapshot(3, List.of(AgentTest.ns("a"))));
            await().until(() -> a1.appliedRevision() == 3);
            assertThat(d1.get("Namespace", null, "a")).isPresent();
            await().untilAsserted(() -> assertThat(reports).anyMatch(r -> r.cluster().equals("c1")
                    && r.report() instanceof StatusReport.Heartbeat h && h.appliedRevision() == 3));
            assertThat(reports).noneMatch(r -> r.cluster().equals("c2") && r.report() instanceof StatusReport.ApplyResults);

            assertThat(bus.call("c1", new RpcRequest.Ping(), Duration.ofSeconds(5)))
                    .isEqualTo(new Rpc.Outcome.Answered(new RpcResponse.Pong(Agent.VERSION, 3)));
            a2.close();
            assertThat(bus.call("c2", new RpcRequest.Ping(), Duration.ofSeconds(5))).isInstanceOf(Rpc.Outcome.Unavailable.class);
            a1.close();
        }
    }
}
