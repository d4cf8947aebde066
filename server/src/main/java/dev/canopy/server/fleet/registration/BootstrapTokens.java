package dev.canopy.server.fleet.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.BootstrapCredential;
import dev.canopy.backbone.TrustChain;
import dev.canopy.store.Settings;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One-time bootstrap tokens, kept in the store's shared settings as {@code fleet.bootstrap-token.<id>} →
 * {@code {"sha256", "expires", "spentBy"}} (the token itself is never stored). Spending is a compare-and-set,
 * so a token signs up exactly one agent even when two replicas receive signups at once. The bootstrap NATS
 * user inside a token lives a day longer than the token, so an agent that signed up in time can keep asking
 * for its answer while it waits for an operator. Thread-safe.
 */
public final class BootstrapTokens {
    static final String PREFIX = "fleet.bootstrap-token.";
    /** How long a pending agent may keep polling after its token's end. */
    public static final Duration ANSWER_GRACE = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final Clock clock;

    public BootstrapTokens(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public record Issued(String token, String id, Instant expires) {}

    /** What a presented token is. */
    public sealed interface Verdict {
        record Unknown(String reason) implements Verdict {}
        record Valid(String id, Instant expires, String spentBy) implements Verdict {}
    }

    public Issued issue(TrustChain chain, Duration ttl) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        Instant expires = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String text = new BootstrapCredential(id, chain.bootstrapUser(id, ttl.plus(ANSWER_GRACE))).text();
        ObjectNode rec = Json.object().put("sha256", BootstrapCredential.hash(text)).put("expires", expires.getEpochSecond());
        settings.putIfAbsent(PREFIX + id, rec.toString());
        return new Issued(text, id, expires);
    }

    /** Looks the token up; {@link Verdict.Unknown} for garbage, a token of another seed, or a forged one. */
    public Verdict check(String text) {
        BootstrapCredential cred;
        try {
            cred = BootstrapCredential.parse(text);
        } catch (IllegalArgumentException e) {
            return new Verdict.Unknown("unknown bootstrap token: " + e.getMessage());
        }
        Optional<JsonNode> rec = read(cred.id()).map(Stored::node);
        if (rec.isEmpty() || !rec.get().path("sha256").asText().equals(BootstrapCredential.hash(text))) {
            return new Verdict.Unknown("unknown bootstrap token (not issued by this seed)");
        }
        JsonNode r = rec.get();
        return new Verdict.Valid(cred.id(), Instant.ofEpochSecond(r.path("expires").asLong()),
                r.hasNonNull("spentBy") ? r.get("spentBy").asText() : null);
    }

    /** Marks the token spent by {@code by}; false when it was spent already (by anyone). */
    public boolean spend(String id, String by) {
        Optional<Stored> s = read(id);
        if (s.isEmpty() || s.get().node().hasNonNull("spentBy")) return false;
        ObjectNode next = s.get().node().deepCopy().put("spentBy", by);
        return settings.replace(PREFIX + id, s.get().raw(), next.toString());
    }

    public Instant now() { return clock.instant(); }

    private record Stored(String raw, ObjectNode node) {}

    private Optional<Stored> read(String id) {
        return settings.get(PREFIX + id).map(raw -> {
            try {
                return new Stored(raw, (ObjectNode) Json.MAPPER.readTree(raw));
            } catch (IOException | ClassCastException e) {
                throw new IllegalStateException("unreadable bootstrap token record " + id, e);
            }
        });
    }
}
