package dev.canopy.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.server.auth.PolicyStore;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.util.Optional;

/** {@link PolicyStore} over the resource store (bootstrap RBAC objects are cluster-scoped). */
record StorePolicyStore(ResourceStore store) implements PolicyStore {
    @Override
    public Optional<ObjectNode> get(String storageResource, String name) {
        return store.get(ResourceKey.cluster(storageResource, name));
    }

    @Override
    public void create(String storageResource, ObjectNode object) {
        store.create(ResourceKey.cluster(storageResource, dev.canopy.api.Objects.name(object)), object);
    }

    @Override
    public void update(String storageResource, ObjectNode object) {
        store.update(ResourceKey.cluster(storageResource, dev.canopy.api.Objects.name(object)), object, ResourceStore.UpdateOptions.MAIN_NO_STATUS);
    }
}
