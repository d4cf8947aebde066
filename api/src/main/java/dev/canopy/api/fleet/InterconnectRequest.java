package dev.canopy.api.fleet;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;

/**
 * A leaf agent's request to join the fleet, cluster-scoped, named after the cluster it asks for. The seed
 * creates it (Pending) when an agent signs up with a valid one-time bootstrap token; an operator approves
 * ({@code spec.approved: true}) or refuses ({@code false}); setting {@code false} after approval revokes
 * the agent. The seed writes {@code status}. Immutable record.
 */
@JsonClassDescription("A leaf agent's request to join the fleet; approve with spec.approved: true, revoke an approved one with false.")
public record InterconnectRequest(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public static final String PENDING = "Pending", APPROVED = "Approved", REFUSED = "Refused", REVOKED = "Revoked";

    public record Spec(
            @JsonPropertyDescription("The agent's public user nkey (U…); its private key never leaves the leaf. Immutable.") String publicKey,
            @JsonPropertyDescription("Labels the Cluster gets when approved (placements select on them).") Map<String, String> labels,
            @JsonPropertyDescription("What the agent reported about its cluster when it signed up.") Facts facts,
            @JsonPropertyDescription("true: let the agent in (the seed signs its user JWT and creates the Cluster); false: refuse, or revoke when it was approved. Unset while pending.") Boolean approved) {}

    public record Facts(
            @JsonPropertyDescription("Kubernetes version of the leaf cluster.") String kubernetesVersion,
            @JsonPropertyDescription("Number of nodes.") Integer nodeCount,
            @JsonPropertyDescription("The agent's driver: kubernetes, or simulated.") String driver) {}

    public record Status(
            @JsonPropertyDescription("Pending, Approved, Refused or Revoked.") String phase,
            @JsonPropertyDescription("Why the request is in this phase.") String reason,
            @JsonPropertyDescription("The bootstrap token the agent signed up with (its id, not the secret).") String tokenId,
            @JsonPropertyDescription("When the phase last changed.") String lastTransitionTime) {}
}
