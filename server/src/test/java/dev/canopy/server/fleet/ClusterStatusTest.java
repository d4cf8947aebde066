package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    record Case(String name, java.util.function.Consumer<ClusterState> change, Instant at,
                String ready, String readyReason, String synced, String syncedReason) {}

    /** Ready means usable (connected, applies work); Synced shows whether the latest revision is applied. */
    @Test
    void readyStaysTrueWhileANewerRevisionIsAppliedAndSyncedShowsTheProgress() {
        List<Case> cases = List.of(
                new Case("applied", s -> {}, T0, "True", "Applied", "True", "Applied"),
                new Case("a newer revision being applied", s -> s.revision = 6, T0, "True", "Syncing", "False", "Applying"),
                new Case("the first revision being applied", s -> s.appliedRevision = -1, T0, "True", "Syncing", "False", "Applying"),
                new Case("the last apply failed", s -> { s.revision = 6; s.applyFailure = "Namespace x: refused"; }, T0, "False", "ApplyFailed", "False", "ApplyFailed"),
                new Case("gone while behind", s -> s.revision = 6, T0.plusSeconds(30), "False", "HeartbeatsMissed", "False", "Applying"),
                new Case("gone while applied", s -> {}, T0.plusSeconds(30), "False", "HeartbeatsMissed", "True", "Applied"),
                new Case("never connected", s -> s.lastHeartbeat = null, T0, "False", "NeverConnected", "True", "Applied"),
                new Case("cannot be reached", s -> s.connectionProblem = "secret default/x not found", T0, "False", "KubeconfigProblem", "True", "Applied"));
        for (Case c : cases) {
            ClusterState s = applied();
            c.change().accept(s);
            ObjectNode st = ClusterStatus.of(s, Json.object(), c.at(), TEN);
            assertThat(cond(st, "Ready", "status")).as(c.name()).isEqualTo(c.ready());
            assertThat(cond(st, "Ready", "reason")).as(c.name()).isEqualTo(c.readyReason());
            assertThat(cond(st, "Synced", "status")).as(c.name()).isEqualTo(c.synced());
            assertThat(cond(st, "Synced", "reason")).as(c.name()).isEqualTo(c.syncedReason());
        }
    }

    @Test
    void readyKeepsItsTransitionTimeWhileANewerRevisionIsApplied_failuresKeepTheirsWhileUnchanged() {
        ClusterState s = applied();
        ObjectNode first = ClusterStatus.of(s, Json.object(), T0, TEN);
        s.revision = 6;
        ObjectNode applying = ClusterStatus.of(s, first, T0.plusSeconds(5), TEN);
        assertThat(cond(applying, "Ready", "lastTransitionTime")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(cond(applying, "Synced", "lastTransitionTime")).isEqualTo("2026-01-01T00:00:05Z");
        assertThat(cond(applying, "Synced", "message")).contains("5 of 6");
        s.applyFailure = "Namespace x: refused";
        ObjectNode failed = ClusterStatus.of(s, applying, T0.plusSeconds(6), TEN);
        ObjectNode later = ClusterStatus.of(s, failed, T0.plusSeconds(9), TEN);
        assertThat(cond(later, "Ready", "lastTransitionTime")).isEqualTo("2026-01-01T00:00:06Z");
        assertThat(cond(later, "Ready", "message")).isEqualTo("Namespace x: refused");
    }
}
