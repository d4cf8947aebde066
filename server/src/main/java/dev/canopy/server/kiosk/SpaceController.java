package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.server.controllers.WorkQueue;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.kiosk.SpaceRules;
import java.time.Duration;
import java.util.List;

/**
 * Step 6: keeps every existing Space in step with its account and namespace, per Space key
 * ({@link WorkQueue}): {@link SpaceMetadataStep} (labels/annotations from the account's spaceTemplate), {@link SpaceBindingStep} (the owners RoleBinding: role and subjects follow the
 * account, also after the Space moves to another account), {@link SpaceStatusStep} (phase). A Space whose
 * namespace was deleted directly is deleted too, and a Space namespace whose Space is gone is deleted. Queued by: the Space changing, its account's spec changing,
 * its namespace changing; every Space is resynced every 10 minutes. Idempotent.
 */
public final class SpaceController implements AutoCloseable {
    static final Duration RESYNC = Duration.ofMinutes(10);

    private final ResourceStore store;
    private final KioskCache cache;
    private final WorkQueue<String> queue;
    private final SharedInformers informers;
    private SharedInformer.Registration namespaces;

    public SpaceController(ResourceStore store, SharedInformers informers, KioskCache cache) {
        this.store = store;
        this.informers = informers;
        this.cache = cache;
        this.queue = new WorkQueue<>("space-controller", this::reconcile, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public SpaceController start() {
        cache.onSpaceChange(queue::add);
        cache.onAccountSpecChange(a -> queue.addAll(cache.spacesOf(a)));
        // Space namespaces only (those with the account label), as a watch with that selector would see them
        namespaces = informers.informer(SpaceStore.NAMESPACES).addHandler(SharedInformer.Handler.filtered(
                ns -> ns.path("metadata").path("labels").has(SpaceLabels.ACCOUNT), new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { queue.add(Objects.name(o)); }
            @Override public void remove(ObjectNode o) { queue.add(Objects.name(o)); }
        }));
        queue.start(() -> cache.accountNames().stream().flatMap(a -> cache.spacesOf(a).stream()).toList(), RESYNC);
        return this;
    }

    /** For tests: how many keys wait. */
    int pending() { return queue.size(); }

    Duration reconcile(String name) {
        ObjectNode space = store.get(ResourceKey.cluster(KioskKinds.SPACES, name)).orElse(null);
        if (space == null) {
            // a Space's namespace goes with it (SpaceStore deletes it too; this covers a crash in between)
            SpaceStore.deleteNamespace(store, name);
            return null;
        }
        if (Objects.deleting(space)) return null;
        ObjectNode ns = store.get(ResourceKey.cluster(SpaceStore.NAMESPACES, name)).orElse(null);
        if (ns == null) {
            // created together in one transaction: a missing namespace was deleted, and the Space goes with it
            delete(ResourceKey.cluster(KioskKinds.SPACES, name), Objects.uid(space));
            return null;
        }
        ObjectNode account = store.get(ResourceKey.cluster(KioskKinds.ACCOUNTS, Objects.text(space, "spec.account"))).orElse(null);
        ObjectNode nextSpace = SpaceMetadataStep.space(space, account);
        if (nextSpace != null) space = store.update(ResourceKey.cluster(KioskKinds.SPACES, name), nextSpace, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
        if (!Objects.deleting(ns)) {
            ObjectNode nextNs = SpaceMetadataStep.namespace(ns, space);
            if (nextNs != null) ns = store.update(ResourceKey.cluster(SpaceStore.NAMESPACES, name), nextNs, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
            ResourceKey rbKey = new ResourceKey(SpaceStore.ROLE_BINDINGS, name, SpaceRules.OWNERS_BINDING);
            switch (SpaceBindingStep.plan(account, name, store.get(rbKey).orElse(null))) {
                case SpaceBindingStep.Keep k -> { }
                case SpaceBindingStep.Put p -> store.transact(v -> new dev.canopy.store.Command.Decision<>(List.of(new dev.canopy.store.Command.Put(rbKey, p.binding())), null));
                case SpaceBindingStep.Replace r -> {
                    delete(rbKey, null);
                    store.create(rbKey, r.binding());
                }
                case SpaceBindingStep.Delete d -> delete(rbKey, null);
            }
        }
        String phase = SpaceStatusStep.phase(space, ns);
        if (phase != null) {
            ObjectNode next = space.deepCopy();
            next.putObject("status").put("phase", phase);
            store.update(ResourceKey.cluster(KioskKinds.SPACES, name), next, new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
        }
        return null;
    }

    private void delete(ResourceKey key, String uid) {
        try {
            store.delete(key, uid, null);
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) throw e;
        }
    }

    @Override
    public void close() {
        queue.close();
        if (namespaces != null) namespaces.close();
    }
}
