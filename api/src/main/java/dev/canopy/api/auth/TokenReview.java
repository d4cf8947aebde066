package dev.canopy.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/** authentication.k8s.io/v1: whom does this bearer token authenticate? */
public record TokenReview(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(@JsonPropertyDescription("The opaque bearer token.") String token, List<String> audiences) {}

    public record Status(Boolean authenticated, AccessReviewTypes.UserInfo user, List<String> audiences, String error) {}
}
