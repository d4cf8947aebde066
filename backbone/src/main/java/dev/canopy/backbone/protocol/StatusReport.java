package dev.canopy.backbone.protocol;

import java.time.Instant;
import java.util.List;

/** What an agent reports on {@code fleet.<cluster>.status}; the cluster is the subject's, never a field. */
public sealed interface StatusReport extends AgentMessage {

    /** Sent every 10 s; the seed marks the cluster not Ready after 3 missed heartbeats. */
    record Heartbeat(String agentVersion, Instant time, long appliedRevision) implements StatusReport {
        public Heartbeat {
            Checks.text(agentVersion, "agentVersion");
            Checks.required(time, "time");
            Checks.notNegative(appliedRevision, "appliedRevision");
        }
    }

    /** {@code driver} (added in version 1, nullable): the agent's cluster driver, {@code kubernetes} or {@code simulated}. */
    record ClusterFacts(String kubernetesVersion, int nodeCount, String driver) implements StatusReport {
        public ClusterFacts {
            Checks.text(kubernetesVersion, "kubernetesVersion");
            Checks.notNegative(nodeCount, "nodeCount");
        }

        public ClusterFacts(String kubernetesVersion, int nodeCount) { this(kubernetesVersion, nodeCount, null); }
    }

    /** RELEASED: no longer desired but annotated {@code helm.sh/resource-policy: keep}, so left on the cluster and no longer managed. */
    enum Outcome { CREATED, UPDATED, UNCHANGED, DELETED, FAILED, RELEASED }

    record ApplyResult(ObjectRef object, Outcome outcome, String message) {
        public ApplyResult {
            Checks.required(object, "object");
            Checks.required(outcome, "outcome");
        }
    }

    /** The per-object results of applying desired {@code revision}. */
    record ApplyResults(long revision, List<ApplyResult> results) implements StatusReport {
        public ApplyResults {
            Checks.notNegative(revision, "revision");
            results = Checks.list(results, "results");
        }
    }

    /** Requests and limits summed over a namespace's pods: cpu in millicores, memory in bytes. */
    record NamespaceUsage(String namespace, int pods, long cpuRequestsMillis, long cpuLimitsMillis,
                          long memoryRequestsBytes, long memoryLimitsBytes) {
        public NamespaceUsage {
            Checks.text(namespace, "namespace");
            Checks.notNegative(pods, "pods");
            Checks.notNegative(cpuRequestsMillis, "cpuRequestsMillis");
            Checks.notNegative(cpuLimitsMillis, "cpuLimitsMillis");
            Checks.notNegative(memoryRequestsBytes, "memoryRequestsBytes");
            Checks.notNegative(memoryLimitsBytes, "memoryLimitsBytes");
        }
    }

    record Usage(Instant time, List<NamespaceUsage> namespaces) implements StatusReport {
        public Usage {
            Checks.required(time, "time");
            namespaces = Checks.list(namespaces, "namespaces");
        }
    }

    enum DriftKind { MODIFIED, DELETED }

    record Drift(ObjectRef object, DriftKind kind, boolean repaired) {
        public Drift {
            Checks.required(object, "object");
            Checks.required(kind, "kind");
        }
    }

    /** Managed objects found changed or deleted on the cluster by someone else, and whether the agent repaired them. */
    record DriftReport(List<Drift> objects) implements StatusReport {
        public DriftReport {
            objects = Checks.list(objects, "objects");
        }
    }
}
