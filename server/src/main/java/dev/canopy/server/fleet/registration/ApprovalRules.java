package dev.canopy.server.fleet.registration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.fleet.InterconnectRequest;

/**
 * Pure: what an operator's {@code spec.approved} asks of the seed for one InterconnectRequest, from its
 * phase. Approving creates (or keeps) the Cluster; {@code false} refuses a pending request and revokes an
 * approved one; Refused and Revoked are final. No I/O; thread-safe.
 */
public final class ApprovalRules {
    private ApprovalRules() {}

    public enum Action {
        /** Nothing to do. */
        NONE,
        /** Ensure the Cluster (mode Agent, the request's labels) and set phase Approved. */
        APPROVE,
        /** Set phase Refused. */
        REFUSE,
        /** Revoke the agent's key (the server disconnects it) and set phase Revoked. */
        REVOKE,
        /** Set phase Pending (a request filed without one). */
        MARK_PENDING
    }

    public static Action next(JsonNode request) {
        JsonNode approved = request.path("spec").path("approved");
        String phase = request.path("status").path("phase").asText("");
        boolean set = approved.isBoolean();
        return switch (phase) {
            case InterconnectRequest.REFUSED, InterconnectRequest.REVOKED -> Action.NONE;
            case InterconnectRequest.APPROVED -> set && !approved.booleanValue() ? Action.REVOKE : Action.NONE;
            default -> !set ? (phase.isEmpty() ? Action.MARK_PENDING : Action.NONE)
                    : approved.booleanValue() ? Action.APPROVE : Action.REFUSE;
        };
    }
}
