package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Pure rule: a Cluster's {@code status} from what the hub knows. {@code missedHeartbeats} counts whole
 * heartbeat intervals since the last one; at {@link #MAX_MISSED} the agent counts as gone (Connected and
 * Ready False, reason {@code HeartbeatsMissed}). Ready means usable: connected and the last apply did not fail
 * (it stays True while a newer revision is being applied); {@code Synced} shows the apply progress (False
 * {@code Applying} while the agent is behind the desired revision, False {@code ApplyFailed}, True {@code Applied}).
 * Conditions keep their {@code lastTransitionTime} while their status is unchanged. Stateless, thread-safe.
 */
final class ClusterStatus {
    static final int MAX_MISSED = 3;
    static final int MAX_DRIFT_SHOWN = 20;

    private ClusterStatus() {}

    static ObjectNode of(ClusterState s, JsonNode previous, Instant now, Duration interval) {
        ObjectNode st = Json.object();
        int missed = 0;
        if (s.lastHeartbeat != null) {
            missed = (int) Math.min(Integer.MAX_VALUE, Duration.between(s.lastHeartbeat, now).toMillis() / Math.max(1, interval.toMillis()));
            st.put("lastHeartbeat", s.lastHeartbeat.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        st.put("missedHeartbeats", missed);
        if (s.facts != null) {
            st.put("kubernetesVersion", s.facts.kubernetesVersion()).put("nodeCount", s.facts.nodeCount());
            if (s.facts.driver() != null) st.put("driver", s.facts.driver());
        }
        if (s.agentVersion != null) st.put("agentVersion", s.agentVersion);
        st.put("managedObjects", s.managedObjects);
        if (s.appliedRevision >= 0) st.put("appliedRevision", s.appliedRevision);
        if (s.revision >= 0) st.put("desiredRevision", s.revision);
        if (s.lastDrift != null) {
            ObjectNode d = st.putObject("drift").put("lastTime", s.lastDrift.truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("foundSinceSeedStart", s.driftsFound);
            ArrayNode objs = d.putArray("lastObjects");
            for (var x : s.lastDriftObjects) {
                ObjectNode o = objs.addObject().put("kind", x.object().kind());
                if (x.object().namespace() != null) o.put("namespace", x.object().namespace());
                o.put("name", x.object().name()).put("change", x.kind() == dev.canopy.backbone.protocol.StatusReport.DriftKind.DELETED ? "Deleted" : "Modified")
                        .put("repaired", x.repaired());
            }
        }

        boolean connected;
        String cReason;
        String cMessage;
        if (s.connectionProblem != null) {
            connected = false;
            cReason = "KubeconfigProblem";
            cMessage = s.connectionProblem;
        } else if (s.lastHeartbeat == null) {
            connected = false;
            cReason = "NeverConnected";
            cMessage = "no heartbeat from the cluster's agent yet";
        } else if (missed >= MAX_MISSED) {
            connected = false;
            cReason = "HeartbeatsMissed";
            cMessage = missed + " heartbeats missed (every " + interval.toSeconds() + "s expected); last at " + st.path("lastHeartbeat").asText();
        } else {
            connected = true;
            cReason = "HeartbeatsOnTime";
            cMessage = "the agent's heartbeats arrive on time";
        }
        // Ready means usable: connected and applies work. Catching up with a newer revision happens after
        // every change in a busy fleet and is shown by Synced, so Ready does not flap with each change.
        boolean ready;
        String rReason;
        String rMessage;
        if (!connected) {
            ready = false;
            rReason = cReason;
            rMessage = cMessage;
        } else if (s.applyFailure != null) {
            ready = false;
            rReason = "ApplyFailed";
            rMessage = s.applyFailure;
        } else {
            ready = true;
            rReason = s.appliedRevision < s.revision ? "Syncing" : "Applied";
            rMessage = s.appliedRevision < s.revision ? "connected, the last apply succeeded; applying revision " + s.revision
                    : "connected, desired state applied";
        }
        boolean synced;
        String sReason;
        String sMessage;
        if (s.applyFailure != null) {
            synced = false;
            sReason = "ApplyFailed";
            sMessage = s.applyFailure;
        } else if (s.appliedRevision < s.revision) {
            synced = false;
            sReason = "Applying";
            sMessage = "the agent has applied revision " + s.appliedRevision + " of " + s.revision + (connected ? "" : " (not connected: " + cReason + ")");
        } else {
            synced = true;
            sReason = "Applied";
            sMessage = s.revision < 0 ? "nothing published to the cluster yet" : "revision " + s.revision + " applied";
        }
        ArrayNode conditions = st.putArray("conditions");
        conditions.add(condition(previous, "Connected", connected, cReason, cMessage, now));
        conditions.add(condition(previous, "Ready", ready, rReason, rMessage, now));
        conditions.add(condition(previous, "Synced", synced, sReason, sMessage, now));
        return st;
    }

    private static ObjectNode condition(JsonNode previous, String type, boolean ok, String reason, String message, Instant now) {
        String status = ok ? "True" : "False";
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (JsonNode c : previous.path("conditions")) {
            if (type.equals(c.path("type").asText()) && status.equals(c.path("status").asText()) && c.hasNonNull("lastTransitionTime")) {
                time = c.get("lastTransitionTime").asText();
            }
        }
        ObjectNode c = Json.object();
        c.put("type", type).put("status", status).put("reason", reason).put("message", message).put("lastTransitionTime", time);
        return c;
    }
}
