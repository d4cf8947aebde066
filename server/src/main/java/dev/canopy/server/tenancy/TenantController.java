package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.server.controllers.Informer;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.TenantTree;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * One pass reconciles every tenant from fresh store reads and the {@link TenantCache} tree, on one thread,
 * after any Tenant or app change (coalesced) and every 2 s as a retry. Errors of one tenant are logged
 * and retried on the next pass; a conflict (someone wrote in between) just waits for the next pass.
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

    private final ResourceStore store;
    private final TenantCache cache;
    private final ControlLoop loop;
    private final List<Informer> informers = new ArrayList<>();

    public TenantController(ResourceStore store, TenantCache cache) {
        this.store = store;
        this.cache = cache;
        this.loop = new ControlLoop("tenant controller", this::reconcileAll);
    }

    public TenantController start() {
        Informer.Handler kick = new Informer.Handler() {
            @Override public void upsert(ObjectNode o) { loop.kick(); }
            @Override public void remove(ObjectNode o) { loop.kick(); }
        };
        for (String r : List.of(TenantCache.TENANTS, "core/namespaces")) informers.add(new Informer(store, ListOptions.all(r), kick, "tenant-controller-" + r).start());
        for (String r : TenancyAdmission.APP_STORAGE) informers.add(new Informer(store, ListOptions.all(r), kick, "tenant-controller-" + r).start());
        cache.onChange(loop::kick);
        loop.start(2000);
        return this;
    }

    /** One pass over every tenant. */
    void reconcileAll() {
        TenantTree tree = cache.tree();
        List<ObjectNode> tenants = store.list(ListOptions.all(TenantCache.TENANTS)).items();
        List<ObjectNode> apps = new ArrayList<>();
        Map<ObjectNode, String> kinds = new java.util.IdentityHashMap<>();
        for (var e : ChargingStore.CHARGED.entrySet()) {
            for (ObjectNode o : store.list(ListOptions.all(e.getKey())).items()) { apps.add(o); kinds.put(o, e.getValue()); }
        }
        List<String> owned = new ArrayList<>();
        for (ObjectNode t : tenants) owned.add(TenantTree.ownedNamespace(Objects.namespace(t), Objects.name(t)));
        Map<String, Map<String, BigDecimal>> usage = Usage.of(owned, apps, kinds::get, tenants);
        for (ObjectNode t : tenants) {
            try {
                reconcile(tree, t, usage);
            } catch (ApiException e) {
                if (e.code() != 409 && e.code() != 404) LOG.warn("tenant {}/{}: {}", Objects.namespace(t), Objects.name(t), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("tenant {}/{} failed", Objects.namespace(t), Objects.name(t), e);
            }
        }
    }

    private void reconcile(TenantTree tree, ObjectNode tenant, Map<String, Map<String, BigDecimal>> usage) {
        String owned = TenantTree.ownedNamespace(Objects.namespace(tenant), Objects.name(tenant));
        ResourceKey key = new ResourceKey(TenantCache.TENANTS, Objects.namespace(tenant), Objects.name(tenant));
        if (Objects.deleting(tenant)) {
            new TenantDeletion(store).run(key, tenant, owned);
            return;
        }
        if (!Objects.finalizers(tenant).contains(FINALIZER)) {
            ObjectNode copy = tenant.deepCopy();
            ArrayNode fin = Objects.metadata(copy).withArray("finalizers");
            fin.add(FINALIZER);
            tenant = store.update(key, copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
        }
        if (!tree.contains(owned)) {
            // not (yet) placed in the tree: the cache lags a moment behind, or the parent is gone
            TenantStatusStep.notPlaced(store, key, tenant, tree);
            return;
        }
        String nsProblem = TenantNamespaceStep.run(store, tree, owned);
        TenantServicesStep.run(store, tree, owned);
        TenantStatusStep.run(store, key, tenant, tree, owned, usage.getOrDefault(owned, Map.of()), nsProblem);
    }

    @Override
    public void close() {
        informers.forEach(Informer::close);
        loop.close();
    }
}
