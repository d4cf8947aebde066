package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.server.controllers.NamespaceLifecycle;
import dev.canopy.tenancy.TenantTree;

/**
 * Tenant step: the tenant's own namespace exists, labelled {@code tenancy.canopy.dev/tenant=<name>},
 * {@code tenancy.canopy.dev/parent=<parent namespace>} and, for itself and each ancestor,
 * {@code <namespace>.tree.tenancy.canopy.dev/depth=<distance>} (HNC's tree labels: a subtree is a label
 * selector), and annotated {@code tenancy.canopy.dev/path} with the path from the root.
 * Decides only ({@link #decide}); {@link TenantController} writes the result together with the status.
 */
final class TenantNamespaceStep {
    private TenantNamespaceStep() {}

    /** {@code <ancestor namespace>.tree.tenancy.canopy.dev/depth}: the distance to that ancestor (0 = self). */
    static final String TREE_LABEL_SUFFIX = ".tree.tenancy.canopy.dev/depth";

    /** What the namespace should become: {@code desired} null when it is right as it is (or cannot be fixed now), {@code problem} null when usable. */
    record Result(ObjectNode desired, String problem) {}

    /** Pure: from the namespace as stored ({@code current}, null when absent) and the tree. */
    static Result decide(ObjectNode current, TenantTree tree, String owned) {
        var node = tree.node(owned).orElseThrow();
        String path = String.join("/", tree.path(owned));
        if (current == null) {
            ObjectNode o = Json.object();
            o.put("apiVersion", "v1").put("kind", "Namespace");
            ObjectNode m = o.putObject("metadata").put("name", owned);
            m.putArray("finalizers").add(NamespaceLifecycle.FINALIZER);
            label(m, node.name(), node.parent(), path, tree.path(owned));
            o.putObject("status").put("phase", "Active");
            return new Result(o, null);
        }
        if (Objects.deleting(current)) {
            return new Result(null, "namespace " + owned + " is being deleted; it will be created again once it is gone");
        }
        ObjectNode copy = current.deepCopy();
        label(Objects.metadata(copy), node.name(), node.parent(), path, tree.path(owned));
        return new Result(copy.equals(current) ? null : copy, null);
    }

    private static void label(ObjectNode meta, String name, String parent, String path, java.util.List<String> ancestry) {
        ObjectNode labels = meta.withObject("labels");
        labels.put(TenantController.TENANT_LABEL, name);
        if (parent != null) labels.put(TenantController.PARENT_LABEL, parent);
        // HNC's tree labels: one per ancestor (and self) with the distance, so a subtree is a label selector:
        // kubectl get namespaces -l tenant-foo.tree.tenancy.canopy.dev/depth
        for (int i = 0; i < ancestry.size(); i++) {
            labels.put(ancestry.get(i) + TREE_LABEL_SUFFIX, Integer.toString(ancestry.size() - 1 - i));
        }
        meta.withObject("annotations").put(TenantController.PATH_ANNOTATION, path);
    }
}
