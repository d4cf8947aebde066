package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.store.Command;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.TenantTree;
import dev.canopy.server.controllers.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5: makes each Tenant true. For every Tenant, in order (each step idempotent, safe to repeat):
 * <ol>
 *   <li>{@link TenantDeletion} when it is being deleted (and nothing else);</li>
 *   <li>the tenant finalizer is present;</li>
 *   <li>{@link TenantNamespaceStep}: its namespace exists, labelled with the tenant's name, parent and path;</li>
 *   <li>{@link TenantServicesStep}: its own Etcd/Ingress/Monitoring exist exactly when it runs them;</li>
 *   <li>{@link TenantStatusStep}: status (namespace, domain, parent, path, services, quota, observedGeneration, Ready).</li>
 * </ol>
 * Driven by a per-key {@link WorkQueue}: a Tenant change queues that tenant and, deferred by {@link #USAGE_LAG}, its ancestors (their
 * {@code tenants} usage), plus its descendants when what they inherit changed (host, own services, the
 * tenant appearing or vanishing); an app change queues the tenants on its namespace's path (usage); a
 * namespace or tenant-service change queues the owning tenant. Each key is reconciled from a fresh store
 * read and the {@link TenantCache} tree, with usage from the in-memory {@link UsageIndex}, so one event
 * costs O(depth) reconciles rather than a pass over every tenant. Failures (a 409 when someone wrote in
 * between included) are requeued with backoff; a tenant still deleting is looked at again every second;
 * every tenant is resynced every {@link #RESYNC}.
 */
public final class TenantController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TenantController.class);
    /** Held by every Tenant until its subtree is gone. */
    public static final String FINALIZER = "tenancy.canopy.dev/subtree";
    /** Label on a tenant's namespace: the tenant's name. */
    public static final String TENANT_LABEL = "tenancy.canopy.dev/tenant";
    public static final String PARENT_LABEL = "tenancy.canopy.dev/parent";
    /** Annotation on a tenant's namespace: the path from the root, namespaces joined by "/". */
    public static final String PATH_ANNOTATION = "tenancy.canopy.dev/path";
    /** How often every tenant is queued again regardless of events. */
    static final Duration RESYNC = Duration.ofMinutes(10);
    /**
     * How long an ancestor's usage status may lag behind a change below it. Creating a tenant used to
     * rewrite the status of every ancestor at once, so a burst of creates queued behind the controller's
     * own status writes (six per create at depth 6); deferred, a burst costs one write per ancestor.
     * Quota enforcement does not read these statuses ({@link ChargingStore} counts in the transaction).
     */
    static final Duration USAGE_LAG = Duration.ofMillis(250);

    private final ResourceStore store;
    private final TenantCache cache;
    private final WorkQueue<ResourceKey> queue;
    private final UsageIndex usage = new UsageIndex();
    private final Map<String, ResourceKey> owners = new ConcurrentHashMap<>();   // owned namespace -> Tenant key
    private final SharedInformers informers;
    private final List<SharedInformer.Registration> subscriptions = new ArrayList<>();

    public TenantController(ResourceStore store, SharedInformers informers, TenantCache cache) {
        this.store = store;
        this.informers = informers;
        this.cache = cache;
        this.queue = new WorkQueue<>("tenant-controller", this::reconcile, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public TenantController start() {
        cache.subscribe(this::tenantChanged);
        subscriptions.add(informers.informer("core/namespaces").addHandler(new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { queue.add(owners.get(Objects.name(o))); }
            @Override public void remove(ObjectNode o) { queue.add(owners.get(Objects.name(o))); }
        }));
        for (String r : TenancyAdmission.APP_STORAGE) {
            String kind = ChargingStore.CHARGED.get(r);
            subscriptions.add(informers.informer(r).addHandler(new SharedInformer.Handler() {
                @Override public void upsert(ObjectNode o) { appChanged(kind, o, false); }
                @Override public void remove(ObjectNode o) { appChanged(kind, o, true); }
            }));
        }
        queue.start(() -> List.copyOf(owners.values()), RESYNC);
        return this;
    }

    private void tenantChanged(ObjectNode tenant, boolean removed, boolean inherited, List<String> descendants) {
        String ns = Objects.namespace(tenant), name = Objects.name(tenant);
        String owned = TenantTree.ownedNamespace(ns, name);
        ResourceKey key = new ResourceKey(TenantCache.TENANTS, ns, name);
        if (removed) {
            usage.remove(null, tenant);
            owners.remove(owned, key);
        } else {
            usage.put(null, tenant);
            owners.put(owned, key);
        }
        queue.add(key);
        queuePath(ns);
        for (String d : descendants) queue.add(owners.get(d));
    }

    /** A charged app changes its tenants' usage; a tenant service concerns its own tenant only. */
    private void appChanged(String kind, ObjectNode app, boolean removed) {
        String ns = Objects.namespace(app);
        if (kind == null) { queue.add(owners.get(ns)); return; }
        if (removed) usage.remove(kind, app);
        else usage.put(kind, app);
        queuePath(ns);
    }

    /** Queues the tenant owning {@code ns} and every ancestor, for their usage, coalesced over {@link #USAGE_LAG}. */
    private void queuePath(String ns) {
        TenantTree tree = cache.tree();
        for (String p : tree.path(ns)) queue.addDeferred(owners.get(p), USAGE_LAG);
    }

    /** Reconciles one Tenant; a non-null answer asks to look again after that long. */
    Duration reconcile(ResourceKey key) {
        ObjectNode tenant = store.get(key).orElse(null);
        if (tenant == null) return null;
        try {
            return reconcile(cache.tree(), tenant);
        } catch (ApiException e) {
            if (e.code() == 404) return null;
            if (e.code() != 409) LOG.warn("tenant {}/{}: {}", key.namespace(), key.name(), e.getMessage());
            throw e;
        }
    }

    private Duration reconcile(TenantTree tree, ObjectNode tenant) {
        String owned = TenantTree.ownedNamespace(Objects.namespace(tenant), Objects.name(tenant));
        ResourceKey key = new ResourceKey(TenantCache.TENANTS, Objects.namespace(tenant), Objects.name(tenant));
        if (Objects.deleting(tenant)) {
            new TenantDeletion(store).run(key, tenant, owned);
            return Duration.ofSeconds(1);   // the tenant's own removal ends this
        }
        if (!Objects.finalizers(tenant).contains(FINALIZER)) {
            ObjectNode copy = tenant.deepCopy();
            ArrayNode fin = Objects.metadata(copy).withArray("finalizers");
            fin.add(FINALIZER);
            tenant = store.update(key, copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
        }
        if (!tree.contains(owned)) {
            // not (yet) placed in the tree: the cache lags a moment behind, or the parent is gone
            apply(key, tenant, TenantStatusStep.notPlaced(key, tenant), null, null, null);
            return null;   // placing it queues it again (its parent's arrival lists it among the descendants)
        }
        ResourceKey nsKey = ResourceKey.cluster("core/namespaces", owned);
        ObjectNode ns = store.get(nsKey).orElse(null);
        TenantNamespaceStep.Result namespace = TenantNamespaceStep.decide(ns, tree, owned);
        TenantServicesStep.run(store, tree, owned);
        ObjectNode status = TenantStatusStep.decide(tenant, tree, owned, usage.usage(owned), namespace.problem());
        apply(key, tenant, status, nsKey, ns, namespace.desired());
        return null;
    }

    /**
     * Writes the tenant's new status and its namespace's desired state in ONE transaction (one commit
     * instead of two per new tenant, which the writer would otherwise serialize behind every API write),
     * if both are still what they were decided from; otherwise 409, and the key is reconciled again.
     */
    private void apply(ResourceKey key, ObjectNode tenant, ObjectNode status, ResourceKey nsKey, ObjectNode nsBefore, ObjectNode nsDesired) {
        if (status == null && nsDesired == null) return;
        List<ResourceKey> keys = nsDesired == null ? List.of(key) : List.of(key, nsKey);
        store.transact(keys, view -> {
            List<Command.Write> writes = new ArrayList<>();
            if (nsDesired != null) {
                unchanged(view, nsKey, nsBefore);
                writes.add(new Command.Put(nsKey, nsDesired));
            }
            if (status != null) {
                ObjectNode current = unchanged(view, key, tenant);
                ObjectNode next = current.deepCopy();
                next.set("status", status);
                writes.add(new Command.Put(key, next));
            }
            return new Command.Decision<>(writes, null);
        });
    }

    /** The object at {@code k} as read in the transaction; 409 unless it is still {@code before} (null: absent). */
    private static ObjectNode unchanged(Command.View view, ResourceKey k, ObjectNode before) {
        ObjectNode now = view.get(k).orElse(null);
        String was = before == null ? null : Objects.resourceVersion(before);
        String is = now == null ? null : Objects.resourceVersion(now);
        if (!java.util.Objects.equals(was, is)) {
            throw ApiException.conflict(k.resource(), k.name(), "changed while the tenant controller decided; reconciling again");
        }
        return now;
    }

    @Override
    public void close() {
        subscriptions.forEach(SharedInformer.Registration::close);
        queue.close();
    }
}
