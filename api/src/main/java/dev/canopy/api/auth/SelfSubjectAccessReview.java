package dev.canopy.api.auth;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/** authorization.k8s.io/v1: may the caller do this? ({@code kubectl auth can-i}). */
public record SelfSubjectAccessReview(String apiVersion, String kind, ObjectMeta metadata,
                                      AccessReviewTypes.SelfSubjectAccessReviewSpec spec,
                                      AccessReviewTypes.SubjectAccessReviewStatus status) {}
