package dev.canopy.api.fleet;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * fleet.canopy.dev/v1alpha1 BootstrapToken: asks the seed for a one-time token with which one leaf agent may
 * sign up ({@code bin/canopy-agent --token}). Cluster-scoped and create-only; the token is only in the
 * response (the seed keeps its hash).
 */
@JsonClassDescription("A request for a one-time bootstrap token for a leaf agent's signup; the token is returned in status and never stored.")
public record BootstrapToken(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {
    public static final long DEFAULT_TTL_SECONDS = 3600;
    public static final long MAX_TTL_SECONDS = 7 * 86_400;

    public record Spec(@JsonPropertyDescription("How long the token may be used to sign up, in seconds; default 3600, at most 604800 (7 days).") Long ttlSeconds) {}

    public record Status(
            @JsonPropertyDescription("The token; give it to bin/canopy-agent --token.") String token,
            @JsonPropertyDescription("The token's id (shown in the InterconnectRequest it is used for).") String tokenId,
            @JsonPropertyDescription("Until when the token may be used to sign up.") String expirationTimestamp) {}
}
