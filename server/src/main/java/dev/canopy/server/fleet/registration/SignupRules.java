package dev.canopy.server.fleet.registration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.fleet.InterconnectRequest;
import dev.canopy.backbone.Keys;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.protocol.Signup;
import java.time.Instant;

/**
 * Pure: what the seed does with one signup, given what the store holds. Checked in order: the name, the
 * key, the token is one of ours; a request of the same name and key is answered by its phase (so an agent
 * may ask again and again while it waits — the answer it gets when approved is useless without its private
 * key); a name taken by another key or by an existing Cluster is refused; a spent or expired token is
 * refused; otherwise the request is filed. No I/O; thread-safe.
 */
public final class SignupRules {
    private SignupRules() {}

    public sealed interface Decision {
        /** Answer without changing anything: {@code reason} for a refusal. */
        record Refuse(String reason) implements Decision {}
        record Pending() implements Decision {}
        /** Approved: sign the agent's user JWT. */
        record Approved() implements Decision {}
        /** Spend the token and create the InterconnectRequest (Pending). */
        record File(String tokenId) implements Decision {}
    }

    /**
     * @param existing      the InterconnectRequest of that name, or null
     * @param clusterExists a Cluster of that name exists
     */
    public static Decision decide(Signup s, BootstrapTokens.Verdict token, JsonNode existing, boolean clusterExists, Instant now) {
        if (!Subjects.isClusterName(s.name())) {
            return new Decision.Refuse("invalid cluster name \"" + s.name() + "\": must be a DNS-1123 label (lowercase alphanumerics and '-', at most 63)");
        }
        if (!Keys.isUserPublicKey(s.publicKey())) return new Decision.Refuse("bad public key: not a public user nkey (U…)");
        if (token instanceof BootstrapTokens.Verdict.Unknown u) return new Decision.Refuse(u.reason());
        BootstrapTokens.Verdict.Valid t = (BootstrapTokens.Verdict.Valid) token;
        if (existing != null) {
            if (!s.publicKey().equals(existing.path("spec").path("publicKey").asText())) {
                return new Decision.Refuse("duplicate cluster name: \"" + s.name() + "\" is already requested by another agent (another key)");
            }
            String phase = existing.path("status").path("phase").asText(InterconnectRequest.PENDING);
            return switch (phase) {
                case InterconnectRequest.APPROVED -> new Decision.Approved();
                case InterconnectRequest.REFUSED -> new Decision.Refuse("refused by an operator");
                case InterconnectRequest.REVOKED -> new Decision.Refuse("revoked: this agent's key may not connect again");
                default -> new Decision.Pending();
            };
        }
        if (clusterExists) return new Decision.Refuse("duplicate cluster name: a Cluster named \"" + s.name() + "\" exists");
        if (t.spentBy() != null) return new Decision.Refuse("bootstrap token already used");
        if (now.isAfter(t.expires())) return new Decision.Refuse("bootstrap token expired at " + t.expires());
        return new Decision.File(t.id());
    }
}
