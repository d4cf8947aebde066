package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Object-form label selector matching ({@code matchLabels}, {@code matchExpressions} with
 * In/NotIn/Exists/DoesNotExist) for ClusterRole aggregation. Kept local so RBAC does not wait on
 * {@code dev.canopy.api.selector.LabelSelector}; same semantics, swap in when that lands. Stateless.
 */
final class Labels {
    private Labels() {}

    /** A null or missing selector matches nothing; {@code {}} matches everything (Kubernetes' rule). */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) return false;
        var ml = selector.path("matchLabels").fields();
        while (ml.hasNext()) {
            var e = ml.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) return false;
        }
        for (JsonNode ex : selector.path("matchExpressions")) {
            String key = ex.path("key").asText();
            List<String> values = PolicyRule.strings(ex.get("values"));
            boolean has = labels.containsKey(key);
            boolean ok = switch (ex.path("operator").asText()) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }
}
