package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.store.Command;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.util.List;

/**
 * Step 3: keeps the rendered objects in the instance's record ({@link RenderedTemplates}); writes only when
 * the content differs, so an unchanged render costs no revision and sends nothing to clusters. Removing the
 * record (the instance is gone) takes its objects off the clusters. Idempotent.
 */
final class RecordStep {
    private RecordStep() {}

    static void put(ResourceStore store, ResourceKey key, ObjectNode record) {
        ObjectNode current = store.get(key).orElse(null);
        if (current != null && RenderedTemplates.sameContent(current, record)) return;
        store.transact(view -> new Command.Decision<>(List.of(new Command.Put(key, record)), null));
    }

    static void remove(ResourceStore store, ResourceKey key) {
        if (store.get(key).isEmpty()) return;
        store.transact(view -> new Command.Decision<>(view.get(key).isPresent() ? List.of(new Command.Remove(key)) : List.of(), null));
    }
}
