package dev.canopy.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.StatusReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pure rule: which desired objects someone else changed or deleted on the cluster. An object has drifted
 * when it is gone, or when a field the seed sets (anything but {@code status} and server-owned metadata)
 * has another value live. Only the fields the seed sets are compared, so what the cluster adds (defaults,
 * {@code status}, other controllers' annotations) is never drift; a list is compared element by element
 * and must keep its length. Stateless and thread-safe.
 */
public final class DriftCheck {
    private DriftCheck() {}

    /** Metadata the seed sets; everything else in metadata is the cluster's. */
    private static final List<String> SEED_METADATA = List.of("labels", "annotations");

    /**
     * @param desired the objects the agent applied (as sent, with the managed-by label)
     * @param live    the managed objects the cluster has now
     * @return one entry per drifted object, in desired order, {@code repaired = false}
     */
    public static List<StatusReport.Drift> find(Iterable<ObjectNode> desired, List<ObjectNode> live) {
        Map<String, ObjectNode> byKey = new HashMap<>();
        for (ObjectNode o : live) byKey.put(Agent.key(ObjectRef.of(o)), o);
        List<StatusReport.Drift> out = new ArrayList<>();
        for (ObjectNode d : desired) {
            ObjectRef ref = ObjectRef.of(d);
            ObjectNode l = byKey.get(Agent.key(ref));
            if (l == null) out.add(new StatusReport.Drift(ref, StatusReport.DriftKind.DELETED, false));
            else if (!matches(d, l)) out.add(new StatusReport.Drift(ref, StatusReport.DriftKind.MODIFIED, false));
        }
        return out;
    }

    /** True when every field the seed sets in {@code desired} has the same value in {@code live}. */
    static boolean matches(ObjectNode desired, ObjectNode live) {
        for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (name.equals("status")) continue;
            if (name.equals("metadata")) {
                for (String m : SEED_METADATA) {
                    JsonNode want = f.getValue().get(m);
                    if (want != null && !contains(want, live.path("metadata").path(m))) return false;
                }
                continue;
            }
            if (!contains(f.getValue(), live.path(name))) return false;
        }
        return true;
    }

    private static boolean contains(JsonNode want, JsonNode have) {
        if (want.isObject()) {
            if (!have.isObject()) return false;
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!contains(f.getValue(), have.path(f.getKey()))) return false;
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) return false;
            for (int i = 0; i < want.size(); i++) if (!contains(want.get(i), have.get(i))) return false;
            return true;
        }
        if (want.isNull()) return have.isMissingNode() || have.isNull();
        if (want.isNumber() && have.isNumber()) return want.decimalValue().compareTo(have.decimalValue()) == 0;
        return want.equals(have);
    }
}
