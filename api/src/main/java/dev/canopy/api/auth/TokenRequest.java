package dev.canopy.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.util.List;

/**
 * authentication.k8s.io/v1 TokenRequest: the body of {@code POST .../serviceaccounts/{name}/token}
 * ({@code kubectl create token}). Not a top-level resource.
 */
public record TokenRequest(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(List<String> audiences,
                       @JsonPropertyDescription("Requested lifetime in seconds; default 3600, at least 600.") Long expirationSeconds,
                       BoundObjectReference boundObjectRef) {}

    public record BoundObjectReference(String kind, String apiVersion, String name, String uid) {}

    public record Status(String token, Instant expirationTimestamp) {}
}
