package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates tokens minted by {@link TokenIssuer}. A token that is not ours gives empty (another
 * authenticator may know it); ours but tampered, expired or malformed gives 401 saying which; a
 * service-account token is accepted only while that ServiceAccount exists with the same uid, so deleting
 * (or re-creating) the ServiceAccount revokes its tokens. Thread-safe; the SA lookup is the only call out.
 */
public final class TokenAuthenticator implements Authenticator {
    private final TokenIssuer issuer;
    private final ServiceAccounts.Lookup serviceAccounts;

    public TokenAuthenticator(TokenIssuer issuer, ServiceAccounts.Lookup serviceAccounts) {
        this.issuer = issuer;
        this.serviceAccounts = serviceAccounts;
    }

    private static final int VERIFIED_CAP = 10_000;
    private final java.util.Map<String, ObjectNode> verified = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<UserInfo> authenticate(String bearerToken) {
        // a token verified before is ours: no split, base64 and JSON parse of its header on every request
        ObjectNode c = bearerToken == null ? null : verified.get(bearerToken);
        if (c == null) {
            Optional<String[]> parts = Jwt.ours(bearerToken);
            if (parts.isEmpty()) return Optional.empty();
            try {
                c = Jwt.verify(parts.get(), issuer.key());
            } catch (IllegalArgumentException e) {
                throw ApiException.unauthorized("invalid bearer token: " + e.getMessage());
            }
            // a client sends the same token on every request: verify its signature once (expiry and the
            // service account are still checked on every request below); bounded by dropping all at the cap
            if (verified.size() >= VERIFIED_CAP) verified.clear();
            verified.put(bearerToken, c);
        }
        if (!TokenIssuer.ISSUER.equals(c.path("iss").asText())) throw ApiException.unauthorized("invalid bearer token: wrong issuer");
        String sub = c.path("sub").asText("");
        if (sub.isEmpty() || !c.path("exp").canConvertToLong()) throw ApiException.unauthorized("invalid bearer token: missing sub or exp");
        long now = issuer.clock().instant().getEpochSecond();
        if (now >= c.path("exp").asLong()) throw ApiException.unauthorized("invalid bearer token: token has expired");

        JsonNode k8s = c.get("kubernetes.io");
        if (k8s != null) {
            String ns = k8s.path("namespace").asText(), name = k8s.path("serviceaccount").path("name").asText();
            String uid = k8s.path("serviceaccount").path("uid").asText();
            if (!sub.equals(ServiceAccounts.username(ns, name))) throw ApiException.unauthorized("invalid bearer token: malformed service account claims");
            Optional<String> current = serviceAccounts.uid(ns, name);
            if (current.isEmpty()) {
                throw ApiException.unauthorized("invalid bearer token: service account " + ns + "/" + name + " has been deleted");
            }
            if (!current.get().equals(uid)) {
                throw ApiException.unauthorized("invalid bearer token: service account " + ns + "/" + name + " has been re-created (uid changed)");
            }
            return Optional.of(new UserInfo(sub, uid, ServiceAccounts.groups(ns), Map.of()));
        }
        List<String> groups = new ArrayList<>(PolicyRule.strings(c.get("groups")));
        if (!groups.contains(UserInfo.AUTHENTICATED)) groups.add(UserInfo.AUTHENTICATED);
        return Optional.of(new UserInfo(sub, c.path("uid").asText(""), groups, Map.of()));
    }
}
