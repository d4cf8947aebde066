package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.api.selector.LabelSelector;
import dev.canopy.server.controllers.WorkQueue;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Step 7: per Account key ({@link WorkQueue}): {@code status.namespaces} lists its Spaces (from the
 * {@link KioskCache} index), and deletion: an Account being deleted deletes its Spaces (and so their
 * namespaces, kiosk #120) unless {@code spec.space.deletionPolicy: Orphan}, then drops its finalizer.
 * Queued by account changes and by Spaces joining or leaving it; resynced every 10 minutes. Idempotent.
 */
public final class AccountController implements AutoCloseable {
    private final ResourceStore store;
    private final KioskCache cache;
    private final WorkQueue<String> queue;

    public AccountController(ResourceStore store, KioskCache cache) {
        this.store = store;
        this.cache = cache;
        this.queue = new WorkQueue<>("account-controller", this::reconcile, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public AccountController start() {
        cache.onAccountChange(queue::add);
        queue.start(cache::accountNames, SpaceController.RESYNC);
        return this;
    }

    Duration reconcile(String name) {
        ResourceKey key = ResourceKey.cluster(KioskKinds.ACCOUNTS, name);
        ObjectNode account = store.get(key).orElse(null);
        if (account == null) return null;
        if (Objects.deleting(account)) {
            if (!Objects.finalizers(account).contains(KioskAdmission.FINALIZER)) return null;
            if (!"Orphan".equals(Objects.text(account, "spec.space.deletionPolicy"))) {
                for (ObjectNode s : store.list(ListOptions.all(KioskKinds.SPACES)
                        .withLabels(LabelSelector.matchLabels(Map.of(SpaceLabels.ACCOUNT, name)))).items()) {
                    try {
                        store.delete(ResourceKey.cluster(KioskKinds.SPACES, Objects.name(s)), Objects.uid(s), null);
                    } catch (ApiException e) {
                        if (e.code() != 404 && e.code() != 409) throw e;
                    }
                    SpaceStore.deleteNamespace(store, Objects.name(s));
                }
            }
            ObjectNode next = account.deepCopy();
            ArrayNode fin = Objects.metadata(next).putArray("finalizers");
            for (String f : Objects.finalizers(account)) if (!f.equals(KioskAdmission.FINALIZER)) fin.add(f);
            store.update(key, next, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
            return null;
        }
        List<String> spaces = cache.spacesOf(name);
        JsonNode have = Objects.at(account, "status.namespaces");
        boolean same = have.size() == spaces.size();
        for (int i = 0; same && i < spaces.size(); i++) same = spaces.get(i).equals(have.get(i).path("name").asText());
        if (same) return null;
        ObjectNode next = account.deepCopy();
        ArrayNode arr = next.putObject("status").putArray("namespaces");
        for (String s : spaces) arr.addObject().put("name", s);
        store.update(key, next, new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
        return null;
    }

    @Override
    public void close() { queue.close(); }
}
