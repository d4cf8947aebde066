package dev.canopy.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Registry;
import dev.canopy.api.schema.OpenApi;
import dev.canopy.api.schema.StrictValidator;
import dev.canopy.server.admission.SchemaCheck;
import dev.canopy.server.auth.AccessReviewHandlers;
import dev.canopy.server.auth.Authenticator;
import dev.canopy.server.auth.RbacAuthorizer;
import dev.canopy.server.auth.ServiceAccounts;
import dev.canopy.server.auth.TokenHandlers;
import dev.canopy.server.auth.TokenIssuer;
import dev.canopy.server.http.OpenApiDocs;
import dev.canopy.server.http.Patcher;
import dev.canopy.server.http.VirtualHandler;
import dev.canopy.server.patch.Patches;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Adapters from the pure modules (schemas, patches, auth handlers) to the HTTP layer's ports. */
final class Wiring {
    private Wiring() {}

    static SchemaCheck schemaCheck() {
        return StrictValidator::validate;
    }

    static Patcher patcher() {
        return Patches::forHttp;
    }

    static Map<String, VirtualHandler> virtualHandlers(Authenticator authn, RbacAuthorizer rbac, TokenIssuer tokens,
                                                       ServiceAccounts.Lookup serviceAccounts) {
        AccessReviewHandlers reviews = new AccessReviewHandlers(rbac, rbac);
        TokenHandlers th = new TokenHandlers(authn, rbac, tokens, serviceAccounts);
        return Map.of(
                "authorization.k8s.io/selfsubjectaccessreviews", reviews.selfSubjectAccessReview(),
                "authorization.k8s.io/subjectaccessreviews", reviews.subjectAccessReview(),
                "authorization.k8s.io/localsubjectaccessreviews", reviews.localSubjectAccessReview(),
                "authorization.k8s.io/selfsubjectrulesreviews", reviews.selfSubjectRulesReview(),
                "authentication.k8s.io/selfsubjectreviews", th.selfSubjectReview(),
                "authentication.k8s.io/tokenreviews", th.tokenReview(),
                "auth.canopy.dev/usertokens", th.userToken(),
                "/serviceaccounts/token", th.serviceAccountToken());
    }

    /** The documents are derived from the registry, which never changes after start: built once, on first use. */
    static OpenApiDocs openApi(Registry registry) {
        Map<String, ObjectNode> cache = new ConcurrentHashMap<>();
        return new OpenApiDocs() {
            @Override public ObjectNode v3Index() { return cache.computeIfAbsent("v3", k -> OpenApi.v3Index(registry)); }
            @Override public ObjectNode v3(String group, String version) {
                return cache.computeIfAbsent("v3/" + group + "/" + version, k -> OpenApi.v3(registry, group, version));
            }
            @Override public ObjectNode v2() { return cache.computeIfAbsent("v2", k -> OpenApi.v2(registry)); }
        };
    }
}
