package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The little of the store that {@link BootstrapPolicy#reconcile} needs, for cluster-scoped RBAC objects
 * keyed by storage resource ({@code rbac.authorization.k8s.io/clusterroles}) and name. Implementations
 * must be thread-safe; {@code create} of an existing object should throw (409), {@code update} of a
 * changed-underneath object should throw (409) — reconcile is idempotent and is simply retried.
 */
public interface PolicyStore {
    Optional<ObjectNode> get(String storageResource, String name);

    void create(String storageResource, ObjectNode object);

    /** Replaces the object; {@code object.metadata.resourceVersion} is the one read by {@link #get}. */
    void update(String storageResource, ObjectNode object);
}
