package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.backbone.protocol.StatusReport;
import java.time.Instant;

/**
 * What the hub knows of one cluster: the desired objects it last published and their revision, and what the
 * agent last reported. Mutable; touched only on the hub's loop thread.
 */
final class ClusterState {
    /** Revision of {@link #desired}; -1 before the first publication. */
    long revision = -1;
    /** Object key ({@link DesiredSets#key}: namespace first) → object, as last published; sorted, so a namespace's objects are a range. */
    final java.util.TreeMap<String, ObjectNode> desired = new java.util.TreeMap<>();
    Instant lastPublished;
    Instant lastHeartbeat;
    String agentVersion;
    long appliedRevision = -1;
    StatusReport.ClusterFacts facts;
    /** From the last apply results of any revision. */
    int managedObjects;
    String applyFailure;
    /** The last drift report: when it came and what it held (at most {@link ClusterStatus#MAX_DRIFT_SHOWN} objects). */
    Instant lastDrift;
    java.util.List<StatusReport.Drift> lastDriftObjects = java.util.List.of();
    /** Drifted objects found since the seed started (repaired or not). */
    long driftsFound;
    /** Why the seed cannot run or reach the agent (hosted clusters), or null. */
    String connectionProblem;
}
