package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.StatusReport;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Status rules with fixed instants (no clock involved). */
class ClusterStatusTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration TEN = Duration.ofSeconds(10);

    static String cond(ObjectNode st, String type, String field) {
        for (var c : st.path("conditions")) if (type.equals(c.path("type").asText())) return c.path(field).asText();
        return null;
    }

    static ClusterState applied() {
        ClusterState s = new ClusterState();
        s.revision = 5;
        s.appliedRevision = 5;
        s.lastHeartbeat = T0;
        s.agentVersion = "0.1.0";
        s.facts = new StatusReport.ClusterFacts("v1.32.0", 3, "simulated");
        s.managedObjects = 2;
        return s;
    }

    @Test
    void neverHeardFromIsNotConnected() {
        ObjectNode st = ClusterStatus.of(new ClusterState(), Json.object(), T0, TEN);
        assertThat(cond(st, "Connected", "reason")).isEqualTo("NeverConnected");
        assertThat(cond(st, "Ready", "status")).isEqualTo("False");
    }

    @Test
    void readyWhileHeartbeatsAreOnTimeAndFalseAfterThreeMissed() {
        ObjectNode ok = ClusterStatus.of(applied(), Json.object(), T0.plusSeconds(25), TEN);
        assertThat(cond(ok, "Ready", "status")).isEqualTo("True");
        assertThat(ok.path("missedHeartbeats").asInt()).isEqualTo(2);
        assertThat(ok.path("driver").asText()).isEqualTo("simulated");
        ObjectNode gone = ClusterStatus.of(applied(), ok, T0.plusSeconds(30), TEN);
        assertThat(cond(gone, "Ready", "status")).isEqualTo("False");
        assertThat(cond(gone, "Ready", "reason")).isEqualTo("HeartbeatsMissed");
        assertThat(cond(gone, "Connected", "status")).isEqualTo("False");
        assertThat(cond(gone, "Ready", "lastTransitionTime")).isEqualTo("2026-01-01T00:00:30Z");
    }

    @Test
    void lagOrFailureIsNotReadyAndTransitionTimesStayWhileUnchanged() {
        ClusterState s = applied();
        s.revision = 6;
        assertThat(cond(ClusterStatus.of(s, Json.object(), T0, TEN), "Ready", "reason")).isEqualTo("Applying");
        s.applyFailure = "Namespace x: refused";
        ObjectNode failed = ClusterStatus.of(s, Json.object(), T0, TEN);
        assertThat(cond(failed, "Ready", "reason")).isEqualTo("ApplyFailed");
        ObjectNode later = ClusterStatus.of(s, failed, T0.plusSeconds(5), TEN);
        assertThat(cond(later, "Ready", "lastTransitionTime")).isEqualTo(cond(failed, "Ready", "lastTransitionTime"));
    }
}
