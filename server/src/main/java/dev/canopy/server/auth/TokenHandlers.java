package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.auth.UserToken;
import dev.canopy.server.http.VirtualHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Identity endpoints: SelfSubjectReview ({@code kubectl auth whoami}), TokenReview, Canopy's UserToken, and
 * the {@code serviceaccounts/{name}/token} subresource ({@code kubectl create token}). Thread-safe; the
 * only call out is the ServiceAccount lookup.
 */
public final class TokenHandlers {
    public static final long SA_DEFAULT_SECONDS = 3600, SA_MIN_SECONDS = 600, SA_MAX_SECONDS = UserToken.MAX_TTL_SECONDS;

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final TokenIssuer issuer;
    private final ServiceAccounts.Lookup serviceAccounts;

    /**
     * @param authenticator   every token authenticator the server accepts (for TokenReview)
     * @param authorizer      the server's authorizer (UserToken checks impersonation rights with it)
     * @param serviceAccounts finds a ServiceAccount's uid, for the token subresource
     */
    public TokenHandlers(Authenticator authenticator, Authorizer authorizer, TokenIssuer issuer, ServiceAccounts.Lookup serviceAccounts) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.issuer = issuer;
        this.serviceAccounts = serviceAccounts;
    }

    public VirtualHandler selfSubjectReview() {
        return (ctx, body) -> {
            ObjectNode out = body.deepCopy();
            out.putObject("status").set("userInfo", userJson(ctx.user()));
            return out;
        };
    }

    /** {@code status.authenticated} and {@code status.user}; an invalid token of ours gives {@code status.error}, not a failed request. */
    public VirtualHandler tokenReview() {
        return (ctx, body) -> {
            String token = Objects.text(body, "spec.token");
            if (token.isEmpty()) throw ApiException.invalid("TokenReview", Objects.name(body), FieldError.required("spec.token", "a bearer token to review"));
            ObjectNode out = body.deepCopy();
            ObjectNode status = out.putObject("status");
            try {
                Optional<UserInfo> u = authenticator.authenticate(token);
                status.put("authenticated", u.isPresent());
                if (u.isPresent()) status.set("user", userJson(u.get()));
                else status.put("error", "token not recognised");
            } catch (ApiException e) {
                if (e.code() != 401) throw e;
                status.put("authenticated", false).put("error", e.getMessage());
            }
            JsonNode aud = body.path("spec").get("audiences");
            if (aud != null && aud.isArray()) status.set("audiences", aud.deepCopy());
            return out;
        };
    }

    /**
     * Issues a token for {@code spec.user}/{@code spec.groups}. Holding {@code create usertokens} is not
     * enough to mint a token for someone else: the caller must also be allowed to impersonate that user and
     * each group it is not in itself (as {@code kubectl --as} would need). Otherwise any token-minter would be cluster-admin.
     */
    public VirtualHandler userToken() {
        return (ctx, body) -> {
            String name = Objects.name(body);
            JsonNode spec = body.path("spec");
            List<FieldError> errors = new ArrayList<>();
            String user = spec.path("user").asText("");
            if (user.isBlank()) errors.add(FieldError.required("spec.user", "the user name the token authenticates as"));
            else if (user.startsWith(ServiceAccounts.PREFIX)) {
                errors.add(FieldError.invalid("spec.user", user, "service accounts get tokens from serviceaccounts/{name}/token (kubectl create token)"));
            }
            List<String> groups = PolicyRule.strings(spec.get("groups"));
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).isBlank()) errors.add(FieldError.invalid("spec.groups[" + i + "]", groups.get(i), "must not be empty"));
            }
            long ttl = UserToken.DEFAULT_TTL_SECONDS;
            JsonNode t = spec.get("ttlSeconds");
            if (t != null && !t.isNull()) {
                if (!t.canConvertToLong() || !t.isIntegralNumber()) errors.add(FieldError.typeInvalid("spec.ttlSeconds", "integer"));
                else if (t.asLong() < 1 || t.asLong() > UserToken.MAX_TTL_SECONDS) {
                    errors.add(FieldError.invalid("spec.ttlSeconds", t.asLong(), "must be between 1 and " + UserToken.MAX_TTL_SECONDS + " (1 year)"));
                } else ttl = t.asLong();
            }
            if (!errors.isEmpty()) throw ApiException.invalid("UserToken", name, errors);

            UserInfo caller = ctx.user();
            if (!user.equals(caller.name())) requireImpersonate(caller, "users", user);
            for (String g : groups) {
                if (!caller.groups().contains(g)) requireImpersonate(caller, "groups", g);
            }
            TokenIssuer.IssuedToken tok = issuer.issueUser(user, groups, Duration.ofSeconds(ttl));
            ObjectNode out = body.deepCopy();
            ObjectNode outSpec = out.get("spec") instanceof ObjectNode o ? o : out.putObject("spec");
            outSpec.put("ttlSeconds", ttl);
            out.putObject("status").put("token", tok.token()).put("expirationTimestamp", tok.expirationTimestamp().toString());
            return out;
        };
    }

    /** POST {@code /api/v1/namespaces/{ns}/serviceaccounts/{name}/token} with a TokenRequest body. */
    public VirtualHandler serviceAccountToken() {
        return (ctx, body) -> {
            String ns = ctx.namespace(), name = ctx.name();
            JsonNode e = body.path("spec").get("expirationSeconds");
            long seconds = SA_DEFAULT_SECONDS;
            if (e != null && !e.isNull()) {
                if (!e.isIntegralNumber()) throw ApiException.invalid("TokenRequest", name, FieldError.typeInvalid("spec.expirationSeconds", "integer"));
                seconds = e.asLong();
                if (seconds < SA_MIN_SECONDS) {
                    throw ApiException.invalid("TokenRequest", name, FieldError.invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes"));
                }
                if (seconds > SA_MAX_SECONDS) {
                    throw ApiException.invalid("TokenRequest", name, FieldError.invalid("spec.expirationSeconds", seconds, "may not specify a duration longer than 1 year"));
                }
            }
            String uid = serviceAccounts.uid(ns, name).orElseThrow(() -> ApiException.notFound("serviceaccounts", name));
            TokenIssuer.IssuedToken tok = issuer.issueServiceAccount(ns, name, uid, Duration.ofSeconds(seconds));
            ObjectNode out = Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
            ObjectNode meta = out.putObject("metadata").put("name", name).put("namespace", ns);
            meta.put("creationTimestamp", issuer.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            ObjectNode spec = body.path("spec").isObject() ? (ObjectNode) body.get("spec").deepCopy() : Json.object();
            if (!spec.has("audiences")) spec.putArray("audiences");
            spec.put("expirationSeconds", seconds);
            out.set("spec", spec);
            out.putObject("status").put("token", tok.token()).put("expirationTimestamp", tok.expirationTimestamp().toString());
            return out;
        };
    }

    private void requireImpersonate(UserInfo caller, String resource, String name) {
        Attributes a = Attributes.resource(caller, "impersonate", "", resource, "", name);
        Authorizer.Decision d = authorizer.authorize(a);
        if (!d.allowed()) throw RbacMessages.forbiddenException(a, d.reason());
    }

    /** Kubernetes' {@code authentication.k8s.io/v1 UserInfo}: username, uid, groups, extra (empty ones omitted). */
    public static ObjectNode userJson(UserInfo u) {
        ObjectNode o = Json.object().put("username", u.name());
        if (u.uid() != null && !u.uid().isEmpty()) o.put("uid", u.uid());
        ArrayNode g = o.putArray("groups");
        u.groups().forEach(g::add);
        if (!u.extra().isEmpty()) {
            ObjectNode x = o.putObject("extra");
            u.extra().forEach((k, v) -> {
                ArrayNode a = x.putArray(k);
                v.forEach(a::add);
            });
        }
        return o;
    }
}
