package dev.canopy.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * The shared parts of authorization.k8s.io/v1 access reviews, with Kubernetes' field names so
 * {@code kubectl auth can-i} bodies validate unchanged.
 */
public final class AccessReviewTypes {
    private AccessReviewTypes() {}

    public record ResourceAttributes(
            @JsonPropertyDescription("Namespace of the action; \"\" means all namespaces (or cluster scope).") String namespace,
            @JsonPropertyDescription("A Kubernetes verb: get, list, watch, create, update, patch, delete, impersonate, \"*\".") String verb,
            @JsonPropertyDescription("The API group of the resource; \"\" is core, \"*\" all groups.") String group,
            @JsonPropertyDescription("The API version of the resource.") String version,
            @JsonPropertyDescription("The resource plural; \"*\" all.") String resource,
            @JsonPropertyDescription("A subresource such as status or token.") String subresource,
            @JsonPropertyDescription("The name of the object; \"\" means all.") String name) {}

    public record NonResourceAttributes(
            @JsonPropertyDescription("The URL path.") String path,
            @JsonPropertyDescription("The lower-case HTTP verb (get, post ...).") String verb) {}

    /** The spec of SubjectAccessReview and LocalSubjectAccessReview. */
    public record SubjectAccessReviewSpec(
            ResourceAttributes resourceAttributes,
            NonResourceAttributes nonResourceAttributes,
            @JsonPropertyDescription("The user to test.") String user,
            @JsonPropertyDescription("The groups to test.") List<String> groups,
            Map<String, List<String>> extra,
            String uid) {}

    public record SelfSubjectAccessReviewSpec(ResourceAttributes resourceAttributes, NonResourceAttributes nonResourceAttributes) {}

    public record SubjectAccessReviewStatus(
            @JsonPropertyDescription("Whether the action is allowed.") Boolean allowed,
            @JsonPropertyDescription("Whether the action is explicitly denied.") Boolean denied,
            @JsonPropertyDescription("Why, for a person to read.") String reason,
            String evaluationError) {}

    /** Kubernetes' {@code authentication.k8s.io/v1 UserInfo}. */
    public record UserInfo(String username, String uid, List<String> groups, Map<String, List<String>> extra) {}
}
