package dev.canopy.api;

import dev.canopy.api.auth.LocalSubjectAccessReview;
import dev.canopy.api.auth.SelfSubjectAccessReview;
import dev.canopy.api.auth.SelfSubjectReview;
import dev.canopy.api.auth.SelfSubjectRulesReview;
import dev.canopy.api.auth.SubjectAccessReview;
import dev.canopy.api.auth.TokenReview;
import dev.canopy.api.auth.UserToken;

/**
 * The virtual, create-only authorization/authentication kinds (answered by the server's auth handlers,
 * never stored). TokenRequest is not here: it is the body of the {@code serviceaccounts/token} subresource.
 */
final class ReviewKinds {
    private ReviewKinds() {}

    static final String AUTHORIZATION = "authorization.k8s.io";
    static final String AUTHENTICATION = "authentication.k8s.io";

    static void register(Registry r) {
        r.register(ResourceType.builder(AUTHORIZATION, "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews",
                SelfSubjectAccessReview.class).clusterScoped().createOnly().build());
        r.register(ResourceType.builder(AUTHORIZATION, "v1", "SubjectAccessReview", "subjectaccessreviews",
                SubjectAccessReview.class).clusterScoped().createOnly().build());
        r.register(ResourceType.builder(AUTHORIZATION, "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews",
                LocalSubjectAccessReview.class).createOnly().build());
        r.register(ResourceType.builder(AUTHORIZATION, "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews",
                SelfSubjectRulesReview.class).clusterScoped().createOnly().build());
        r.register(ResourceType.builder(AUTHENTICATION, "v1", "SelfSubjectReview", "selfsubjectreviews",
                SelfSubjectReview.class).clusterScoped().createOnly().build());
        r.register(ResourceType.builder(AUTHENTICATION, "v1", "TokenReview", "tokenreviews",
                TokenReview.class).clusterScoped().createOnly().build());
        r.register(ResourceType.builder(BuiltinKinds.AUTH, "v1alpha1", "UserToken", "usertokens",
                UserToken.class).clusterScoped().createOnly().build());
    }
}
