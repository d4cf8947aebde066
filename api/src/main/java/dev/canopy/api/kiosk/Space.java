package dev.canopy.api.kiosk;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * kiosk's Space: a self-service namespace owned by an Account. Cluster-scoped; its management-plane
 * namespace has the same name and carries {@link SpaceLabels}. Canopy adds {@code spec.cluster}.
 */
@JsonClassDescription("A kiosk space: a namespace owned by an account, placed on one cluster.")
public record Space(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(
            @JsonPropertyDescription("The Account that owns this space (required).") String account,
            @JsonPropertyDescription("Canopy: the Cluster the space is placed on; default: the account's cluster, else its clusterSelector's first Ready match, else the only Ready cluster.") String cluster) {}

    public record Status(@JsonPropertyDescription("The namespace's phase: Active or Terminating.") String phase) {}
}
