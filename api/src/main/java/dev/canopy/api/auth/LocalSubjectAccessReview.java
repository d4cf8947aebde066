package dev.canopy.api.auth;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/** authorization.k8s.io/v1: a SubjectAccessReview confined to the namespace it is posted in. */
public record LocalSubjectAccessReview(String apiVersion, String kind, ObjectMeta metadata,
                                       AccessReviewTypes.SubjectAccessReviewSpec spec,
                                       AccessReviewTypes.SubjectAccessReviewStatus status) {}
