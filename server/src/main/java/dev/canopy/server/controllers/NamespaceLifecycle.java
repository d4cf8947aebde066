package dev.canopy.server.controllers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.admission.AdmissionRequest;
import dev.canopy.server.admission.Operation;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;

/**
 * Admission for namespaces, as kube-apiserver's NamespaceLifecycle: a namespaced object may be created only
 * in a namespace that exists and is not terminating; a new Namespace starts Active and carries the
 * finalizer that {@link NamespaceController} removes once the namespace is empty.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {
    public static final String FINALIZER = "canopy.dev/namespace-content";
    static final String NAMESPACES = "core/namespaces";

    private final ResourceStore store;

    public NamespaceLifecycle(ResourceStore store) { this.store = store; }

    @Override
    public void admit(AdmissionRequest req) {
        var type = req.context().type();
        if (type.storageResource().equals(NAMESPACES)) {
            if (req.operation() == Operation.CREATE) {
                ObjectNode o = req.object();
                ArrayNode fin = Objects.metadata(o).withArray("finalizers");
                boolean has = false;
                for (var f : fin) has |= f.asText().equals(FINALIZER);
                if (!has) fin.add(FINALIZER);
                o.withObject("status").put("phase", "Active");
            }
            return;
        }
        if (!type.namespaced() || req.operation() != Operation.CREATE) return;
        String ns = Objects.namespace(req.object());
        if (ns.isEmpty()) ns = req.context().namespace();
        ObjectNode nsObj = store.get(ResourceKey.cluster(NAMESPACES, ns)).orElseThrow(() -> ApiException.notFound("namespaces", req.context().namespace()));
        if (Objects.deleting(nsObj)) {
            throw ApiException.forbidden(type.groupResource() + " \"" + Objects.name(req.object()) + "\" is forbidden: unable to create new content in namespace "
                    + ns + " because it is being terminated");
        }
    }
}
