package dev.canopy.api.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * How the well-known Kubernetes lists merge: by a key field (strategic merge patch's
 * {@code patchMergeKey}, server-side apply's {@code listMapKeys}) or as a set of primitives. Any
 * list not listed here is atomic (replaced as a whole). One table shared by the schema (rendered into
 * OpenAPI as {@code x-kubernetes-patch-*} so kubectl computes the same patches), the strategic merge
 * patch engine and server-side apply, so that all three agree. Stateless and thread-safe.
 */
public final class ListRules {
    private ListRules() {}

    /**
     * @param parent   the nearest enclosing field name ("" for the object root), e.g. {@code metadata}
     * @param field    the list field
     * @param mergeKey the key field of each item, or null for a set of primitives
     */
    public record Rule(String parent, String field, String mergeKey) {
        public boolean primitiveSet() { return mergeKey == null; }

        /** Adds the OpenAPI extensions kubectl reads to compute strategic merge patches. */
        void decorate(ObjectNode property) {
            property.put("x-kubernetes-patch-strategy", "merge");
            if (mergeKey != null) {
                property.put("x-kubernetes-patch-merge-key", mergeKey);
                property.put("x-kubernetes-list-type", "map");
                property.putArray("x-kubernetes-list-map-keys").add(mergeKey);
            } else {
                property.put("x-kubernetes-list-type", "set");
            }
        }
    }

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private static final List<Rule> RULES = build();

    private static List<Rule> build() {
        var out = new java.util.ArrayList<Rule>();
        out.add(new Rule("metadata", "finalizers", null));
        out.add(new Rule("metadata", "ownerReferences", "uid"));
        out.add(new Rule("status", "conditions", "type"));
        for (String f : List.of("containers", "initContainers", "ephemeralContainers", "volumes", "imagePullSecrets")) {
            out.add(new Rule("spec", f, "name"));
        }
        for (String c : CONTAINER_LISTS) {
            out.add(new Rule(c, "env", "name"));
            out.add(new Rule(c, "ports", "containerPort"));
            out.add(new Rule(c, "volumeMounts", "mountPath"));
        }
        out.add(new Rule("", "secrets", "name")); // ServiceAccount.secrets
        return List.copyOf(out);
    }

    /** The rule for list {@code field} found under field {@code parent} ("" at the root), if any. */
    public static Optional<Rule> find(String parent, String field) {
        for (Rule r : RULES) if (r.field.equals(field) && r.parent.equals(parent)) return Optional.of(r);
        return Optional.empty();
    }

    /**
     * The enclosing field name a model class is found under, for rendering its properties' rules:
     * ObjectMeta under {@code metadata}, {@code *Status} under {@code status}, {@code *Spec} under
     * {@code spec}, containers under {@code containers}, a kind (it has apiVersion and kind) at the root.
     */
    static String parentFieldOf(Class<?> type, java.util.Set<String> propertyNames) {
        String n = type.getSimpleName();
        if (n.equals("ObjectMeta")) return "metadata";
        if (n.endsWith("Status")) return "status";
        if (n.endsWith("Spec")) return "spec";
        if (n.equals("Container") || n.equals("EphemeralContainer")) return "containers";
        if (propertyNames.contains("apiVersion") && propertyNames.contains("kind")) return "";
        return null;
    }
}
