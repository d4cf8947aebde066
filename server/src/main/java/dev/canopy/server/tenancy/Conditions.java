package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Kubernetes-style conditions: {@code lastTransitionTime} moves only when the status flips. */
final class Conditions {
    private Conditions() {}

    /** A conditions array holding one condition of {@code type}, keeping the previous transition time when the status is unchanged. */
    static ArrayNode one(JsonNode previousStatus, String type, boolean ok, String reason, String message, long observedGeneration) {
        String status = ok ? "True" : "False";
        String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (JsonNode c : previousStatus.path("conditions")) {
            if (type.equals(c.path("type").asText()) && status.equals(c.path("status").asText()) && c.hasNonNull("lastTransitionTime")) {
                time = c.get("lastTransitionTime").asText();
            }
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        ObjectNode c = out.addObject();
        c.put("type", type).put("status", status).put("reason", reason).put("message", message)
                .put("observedGeneration", observedGeneration).put("lastTransitionTime", time);
        return out;
    }

    /**
     * Whether two statuses say the same, numbers compared by value: a status built here holds
     * {@code observedGeneration} as a long while the stored one parses as an int, and plain
     * {@code equals} would call them different, so every reconcile rewrote the status and its own
     * watch event queued it again (a write loop per object).
     */
    static boolean same(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1, b);
    }
}
