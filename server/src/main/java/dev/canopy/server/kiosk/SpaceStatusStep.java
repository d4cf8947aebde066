package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;

/** Controller step 3 (pure): a Space's {@code status.phase} is its namespace's (Active, Terminating). */
final class SpaceStatusStep {
    private SpaceStatusStep() {}

    /** @return the phase to show, or null when the status is already right */
    static String phase(ObjectNode space, ObjectNode namespace) {
        String phase = Objects.deleting(namespace) ? "Terminating" : Objects.text(namespace, "status.phase");
        if (phase.isEmpty()) phase = "Active";
        return phase.equals(Objects.text(space, "status.phase")) ? null : phase;
    }
}
