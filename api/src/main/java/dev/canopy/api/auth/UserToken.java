package dev.canopy.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.util.List;

/**
 * auth.canopy.dev/v1alpha1 UserToken: asks the seed for a bearer token for a (human) user, e.g. to hand
 * a tenant admin a kubeconfig. Cluster-scoped and create-only; the token is only in the response.
 */
@com.fasterxml.jackson.annotation.JsonClassDescription("A request for a signed bearer token for a user; the token is returned in status and never stored.")
public record UserToken(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public static final long DEFAULT_TTL_SECONDS = 86_400;
    public static final long MAX_TTL_SECONDS = 31_536_000;

    public record Spec(
            @JsonPropertyDescription("The user name the token authenticates as.") String user,
            @JsonPropertyDescription("Groups the user is in (system:authenticated is always added).") List<String> groups,
            @JsonPropertyDescription("Lifetime in seconds; default 86400 (1 day), at most 31536000 (1 year).") Long ttlSeconds) {}

    public record Status(
            @JsonPropertyDescription("The bearer token.") String token,
            @JsonPropertyDescription("When the token stops working.") Instant expirationTimestamp) {}
}
