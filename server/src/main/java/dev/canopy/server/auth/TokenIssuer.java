package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Mints Canopy's bearer tokens: compact JWTs signed with HS256.
 *
 * <p>Why HS256: the seed is both the only issuer and the only verifier (other parties ask through
 * TokenReview), so a symmetric key is enough; it is 256 random bits kept in {@link SettingsPort} (PostgreSQL)
 * next to the CA key, so every replica verifies every replica's tokens, and verifying costs one HMAC —
 * cheaper than ECDSA on every request. Rotating the key ({@value #KEY_SETTING}) revokes every token.
 *
 * <p>Claims: {@code iss=canopy}, {@code sub} (user name), {@code groups}, {@code iat}, {@code exp},
 * {@code jti}; service-account tokens add {@code kubernetes.io: {namespace, serviceaccount: {name, uid}}}
 * like Kubernetes' own. Thread-safe.
 */
public final class TokenIssuer {
    public static final String KEY_SETTING = "auth.token.signing-key";
    public static final String ADMIN_TOKEN_SETTING = "auth.admin.token";
    public static final String ISSUER = "canopy";
    public static final String ADMIN_USER = "canopy-admin";
    public static final Duration ADMIN_TTL = Duration.ofDays(3650);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SettingsPort settings;
    private final byte[] key;
    private final Clock clock;

    /** A token and when it stops working. */
    public record IssuedToken(String token, Instant expirationTimestamp) {}

    public TokenIssuer(SettingsPort settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.key = Base64.getDecoder().decode(settings.getOrCreate(KEY_SETTING, () -> {
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            return Base64.getEncoder().encodeToString(k);
        }));
    }

    public TokenIssuer(SettingsPort settings) { this(settings, Clock.systemUTC()); }

    byte[] key() { return key; }

    Clock clock() { return clock; }

    /** A token for a user; {@code system:authenticated} is implied at authentication, not stored. */
    public IssuedToken issueUser(String user, List<String> groups, Duration ttl) {
        ObjectNode c = base(user, ttl);
        ArrayNode g = c.putArray("groups");
        (groups == null ? List.<String>of() : groups).stream().distinct().forEach(g::add);
        return sign(c);
    }

    /** A token valid while the ServiceAccount {@code namespace/name} with this {@code uid} exists. */
    public IssuedToken issueServiceAccount(String namespace, String name, String uid, Duration ttl) {
        ObjectNode c = base(ServiceAccounts.username(namespace, name), ttl);
        ObjectNode k8s = c.putObject("kubernetes.io");
        k8s.put("namespace", namespace);
        k8s.putObject("serviceaccount").put("name", name).put("uid", uid);
        return sign(c);
    }

    /**
     * The bootstrap admin's token ({@value #ADMIN_USER} in {@code system:masters}, 10 years): minted once
     * and kept in settings, so {@code admin.kubeconfig} stays valid across restarts and replicas. Idempotent.
     */
    public String adminToken() {
        return settings.getOrCreate(ADMIN_TOKEN_SETTING, () -> issueUser(ADMIN_USER, List.of(UserInfo.MASTERS), ADMIN_TTL).token());
    }

    private ObjectNode base(String subject, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
        long now = clock.instant().getEpochSecond();
        ObjectNode c = Json.object();
        c.put("iss", ISSUER).put("sub", subject).put("iat", now).put("exp", now + ttl.toSeconds()).put("jti", UUID.randomUUID().toString());
        return c;
    }

    private IssuedToken sign(ObjectNode claims) {
        return new IssuedToken(Jwt.sign(claims, key), Instant.ofEpochSecond(claims.get("exp").asLong()));
    }
}
