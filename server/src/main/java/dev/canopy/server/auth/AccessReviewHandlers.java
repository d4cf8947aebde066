package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.server.http.VirtualHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorization.k8s.io/v1 reviews: SelfSubjectAccessReview ({@code kubectl auth can-i}),
 * SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview ({@code kubectl auth can-i --list}).
 * Each answers by echoing the request with {@code status} filled. Thread-safe; no I/O.
 */
public final class AccessReviewHandlers {
    private final Authorizer authorizer;
    private final RbacAuthorizer rbac;

    /**
     * @param authorizer the full authorizer chain the server uses, so reviews agree with real requests
     * @param rbac       for rule listing (SelfSubjectRulesReview)
     */
    public AccessReviewHandlers(Authorizer authorizer, RbacAuthorizer rbac) {
        this.authorizer = authorizer;
        this.rbac = rbac;
    }

    public VirtualHandler selfSubjectAccessReview() {
        return (ctx, body) -> answer(body, attributes("SelfSubjectAccessReview", body, ctx.user(), null));
    }

    public VirtualHandler subjectAccessReview() {
        return (ctx, body) -> answer(body, attributes("SubjectAccessReview", body, subject("SubjectAccessReview", body), null));
    }

    /** Posted to a namespace; {@code spec.resourceAttributes.namespace} must be empty or that namespace. */
    public VirtualHandler localSubjectAccessReview() {
        return (ctx, body) -> answer(body, attributes("LocalSubjectAccessReview", body, subject("LocalSubjectAccessReview", body), ctx.namespace()));
    }

    public VirtualHandler selfSubjectRulesReview() {
        return (ctx, body) -> {
            String ns = Objects.text(body, "spec.namespace");
            RbacAuthorizer.Rules rules = rbac.rulesFor(ctx.user(), ns);
            ObjectNode out = body.deepCopy();
            ObjectNode status = out.putObject("status");
            ArrayNode rr = status.putArray("resourceRules");
            for (PolicyRule r : rules.resourceRules()) {
                ObjectNode j = rr.addObject();
                strings(j, "verbs", r.verbs());
                strings(j, "apiGroups", r.apiGroups());
                strings(j, "resources", r.resources());
                if (!r.resourceNames().isEmpty()) strings(j, "resourceNames", r.resourceNames());
            }
            ArrayNode nr = status.putArray("nonResourceRules");
            for (PolicyRule r : rules.nonResourceRules()) {
                ObjectNode j = nr.addObject();
                strings(j, "verbs", r.verbs());
                strings(j, "nonResourceURLs", r.nonResourceURLs());
            }
            status.put("incomplete", false);
            return out;
        };
    }

    private ObjectNode answer(ObjectNode body, Attributes a) {
        Authorizer.Decision d = authorizer.authorize(a);
        ObjectNode out = body.deepCopy();
        ObjectNode status = out.putObject("status").put("allowed", d.allowed());
        if (d.reason() != null && !d.reason().isEmpty()) status.put("reason", d.reason());
        return out;
    }

    static Attributes attributes(String kind, ObjectNode body, UserInfo user, String localNamespace) {
        String name = Objects.name(body);
        JsonNode spec = body.path("spec");
        JsonNode ra = spec.get("resourceAttributes"), na = spec.get("nonResourceAttributes");
        boolean hasR = ra != null && !ra.isNull(), hasN = na != null && !na.isNull();
        if (hasR == hasN) {
            throw ApiException.invalid(kind, name, new FieldError("spec.resourceAttributes", "FieldValueInvalid",
                    "Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        if (hasN) {
            if (localNamespace != null) {
                throw ApiException.invalid(kind, name, FieldError.forbidden("spec.nonResourceAttributes", "disallowed on this kind of request"));
            }
            return Attributes.nonResource(user, na.path("verb").asText(""), na.path("path").asText(""));
        }
        String ns = ra.path("namespace").asText("");
        if (localNamespace != null) {
            if (ns.isEmpty()) ns = localNamespace;
            else if (!ns.equals(localNamespace)) {
                throw ApiException.invalid(kind, name, FieldError.invalid("spec.resourceAttributes.namespace", ns, "must match metadata.namespace"));
            }
        }
        return Attributes.resource(user, ra.path("verb").asText(""), ra.path("group").asText(""), ra.path("resource").asText(""),
                ns, ra.path("name").asText("")).withSubresource(ra.path("subresource").asText(""));
    }

    static UserInfo subject(String kind, ObjectNode body) {
        JsonNode spec = body.path("spec");
        String user = spec.path("user").asText("");
        List<String> groups = PolicyRule.strings(spec.get("groups"));
        if (user.isEmpty() && groups.isEmpty()) {
            throw ApiException.invalid(kind, Objects.name(body), new FieldError("spec.user", "FieldValueInvalid",
                    "Invalid value: \"\": at least one of user or group must be specified"));
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        spec.path("extra").fields().forEachRemaining(e -> extra.put(e.getKey(), PolicyRule.strings(e.getValue())));
        return new UserInfo(user, spec.path("uid").asText(""), new ArrayList<>(groups), extra);
    }

    private static void strings(ObjectNode o, String field, List<String> values) {
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }
}
