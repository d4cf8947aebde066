package dev.canopy.api.auth;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/** authentication.k8s.io/v1: who am I ({@code kubectl auth whoami}). */
public record SelfSubjectReview(String apiVersion, String kind, ObjectMeta metadata, Status status) {
    public record Status(AccessReviewTypes.UserInfo userInfo) {}
}
