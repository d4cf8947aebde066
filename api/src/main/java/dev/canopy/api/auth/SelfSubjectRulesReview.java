package dev.canopy.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/** authorization.k8s.io/v1: everything the caller may do in a namespace ({@code kubectl auth can-i --list}). */
public record SelfSubjectRulesReview(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(@JsonPropertyDescription("The namespace to evaluate rules for.") String namespace) {}

    public record Status(List<ResourceRule> resourceRules, List<NonResourceRule> nonResourceRules,
                         Boolean incomplete, String evaluationError) {}

    public record ResourceRule(List<String> verbs, List<String> apiGroups, List<String> resources, List<String> resourceNames) {}

    public record NonResourceRule(List<String> verbs, List<String> nonResourceURLs) {}
}
