package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.tenancy.kiosk.SpaceRules;
import java.util.Map;
import java.util.TreeMap;

/**
 * Controller step 1 (pure): the labels and annotations a Space and its namespace should carry now — the
 * Space's own with the account's current spaceTemplate metadata over them and the account/cluster labels
 * (so template changes reach existing Spaces, kiosk #133, and a Space moved to another account is
 * relabelled). Keys the template stops setting are left as they are (they cannot be told from the user's own).
 */
final class SpaceMetadataStep {
    private SpaceMetadataStep() {}

    /** kubectl's bookkeeping stays on the Space; it means nothing on the namespace. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** @return the Space as it should be, or null when it is right */
    static ObjectNode space(ObjectNode space, JsonNode account) {
        if (account == null) return null;
        Map<String, String> labels = SpaceRules.labels(account, Objects.labels(space), Objects.text(space, "spec.cluster"));
        Map<String, String> ann = SpaceRules.annotations(account, Objects.annotations(space));
        if (labels.equals(Objects.labels(space)) && ann.equals(Objects.annotations(space))) return null;
        ObjectNode next = space.deepCopy();
        put(Objects.metadata(next), "labels", labels);
        put(Objects.metadata(next), "annotations", ann);
        return next;
    }

    /** @return the namespace as it should be for {@code space} (already right: null) */
    static ObjectNode namespace(ObjectNode namespace, ObjectNode space) {
        Map<String, String> labels = new TreeMap<>(Objects.labels(space));
        labels.put("kubernetes.io/metadata.name", Objects.name(namespace));
        Map<String, String> ann = new TreeMap<>(Objects.annotations(namespace));
        ann.putAll(Objects.annotations(space));
        ann.remove(LAST_APPLIED);
        Map<String, String> nsLabels = new TreeMap<>(Objects.labels(namespace));
        Map<String, String> merged = new TreeMap<>(nsLabels);
        merged.putAll(labels);
        if (merged.equals(nsLabels) && ann.equals(Objects.annotations(namespace))) return null;
        ObjectNode next = namespace.deepCopy();
        put(Objects.metadata(next), "labels", merged);
        put(Objects.metadata(next), "annotations", ann);
        return next;
    }

    private static void put(ObjectNode md, String field, Map<String, String> values) {
        if (values.isEmpty()) {
            md.remove(field);
            return;
        }
        ObjectNode o = md.putObject(field);
        values.forEach(o::put);
    }
}
