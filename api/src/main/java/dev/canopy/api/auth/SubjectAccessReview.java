package dev.canopy.api.auth;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/** authorization.k8s.io/v1: may {@code spec.user}/{@code spec.groups} do this? */
public record SubjectAccessReview(String apiVersion, String kind, ObjectMeta metadata,
                                  AccessReviewTypes.SubjectAccessReviewSpec spec,
                                  AccessReviewTypes.SubjectAccessReviewStatus status) {}
