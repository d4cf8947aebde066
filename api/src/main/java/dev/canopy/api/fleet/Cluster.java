package dev.canopy.api.fleet;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * A managed (leaf) cluster of the fleet, cluster-scoped. Its labels are what placements select on. The
 * seed writes {@code status} from the agent's heartbeats, facts and apply results. Immutable record.
 */
@JsonClassDescription("A Kubernetes cluster of the fleet, served by one agent; its labels are matched by placements.")
public record Cluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(@JsonPropertyDescription("How the seed reaches the cluster's agent.") Connection connection) {}

    public record Connection(
            @JsonPropertyDescription("Agent: an agent runs in the cluster and connects to the backbone; Hosted: the seed runs the agent in-process with a kubeconfig.") String mode,
            @JsonPropertyDescription("For Hosted: the Secret holding the kubeconfig (key 'kubeconfig').") SecretRef kubeconfigSecretRef,
            @JsonPropertyDescription("Which side dials the NATS link: LeafDials (default) or SeedDials.") String direction) {}

    public record SecretRef(String namespace, String name) {}

    public record Drift(
            @JsonPropertyDescription("When the agent last reported drift.") String lastTime,
            @JsonPropertyDescription("Drifted objects reported since the seed started.") Long foundSinceSeedStart,
            @JsonPropertyDescription("The objects of the last report (at most 20).") List<DriftedObject> lastObjects) {}

    public record DriftedObject(String kind, String namespace, String name,
            @JsonPropertyDescription("Modified or Deleted.") String change,
            @JsonPropertyDescription("Whether the agent applied the desired object again successfully.") Boolean repaired) {}

    public record Status(
            @JsonPropertyDescription("The Kubernetes version the agent reports.") String kubernetesVersion,
            @JsonPropertyDescription("Number of nodes the agent reports.") Integer nodeCount,
            @JsonPropertyDescription("When the last heartbeat arrived.") String lastHeartbeat,
            @JsonPropertyDescription("Consecutive heartbeats missed; Ready turns False at 3.") Integer missedHeartbeats,
            @JsonPropertyDescription("Version of the cluster's agent.") String agentVersion,
            @JsonPropertyDescription("The agent's cluster driver: kubernetes, or simulated for an in-memory cluster.") String driver,
            @JsonPropertyDescription("Objects the agent manages on the cluster (applied at the last reported revision).") Integer managedObjects,
            @JsonPropertyDescription("Revision of the desired state the agent last applied.") Long appliedRevision,
            @JsonPropertyDescription("Revision of the desired state the seed wants applied.") Long desiredRevision,
            @JsonPropertyDescription("Managed objects someone else changed or deleted on the cluster, as the agent last reported them (it re-applies them).") Drift drift,
            @JsonPropertyDescription("Connected: the agent is heard from; Ready: connected, heartbeats on time and the desired state applied.") List<Condition> conditions) {}
}
