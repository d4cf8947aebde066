package dev.canopy.server.auth;

/**
 * Decides whether a request may proceed. Implementations are thread-safe and answer from memory
 * (no I/O per decision). Later authorizers (tenant ancestry) chain in front of or after RBAC.
 */
public interface Authorizer {
    Decision authorize(Attributes attributes);

    /** @param reason why, for SubjectAccessReview status and 403 messages */
    record Decision(boolean allowed, String reason) {
        public static Decision allow(String reason) { return new Decision(true, reason); }
        public static Decision deny(String reason) { return new Decision(false, reason); }
    }
}
