package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.tenancy.Tenant;
import dev.canopy.store.Command;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ListResult;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.Watch;
import dev.canopy.tenancy.AppRequests;
import dev.canopy.tenancy.ChargeResult;
import dev.canopy.tenancy.QuotaRules;
import dev.canopy.tenancy.Quantities;
import dev.canopy.tenancy.QuotaUsage;
import dev.canopy.tenancy.TenantAdmission;
import dev.canopy.tenancy.TenantNode;
import dev.canopy.tenancy.TenantTree;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 7: hierarchical quota charges made atomic with the write. The API's store is wrapped by this
 * decorator: creating an app (Kubernetes, Postgres) or a Tenant, an app update that costs more, and a
 * Tenant update that changes {@code resourceQuotas}, run as one {@link ResourceStore#transact} command under the store's single writer lock: read usage,
 * {@link QuotaRules#charge} the tenant and every ancestor, and write the object, all or nothing. So
 * concurrent creates can never both fit into the last headroom. Everything else is passed through.
 *
 * <p><b>Where usage lives:</b> nowhere. It is derived inside the transaction from the objects
 * themselves: a tenant's usage is the sum of {@link AppRequests} over the apps in its subtree's
 * namespaces (its own namespace and every {@code <ns>-...} namespace; for the root every
 * {@code tenant-...} namespace) plus one {@code tenants} per descendant Tenant object. Nothing can drift:
 * a delete by any path (the API, the namespace controller, garbage collection) releases by itself, and
 * a release never needs a transaction. Cost: only when some tenant on the path limits a charged
 * resource, one query per needed kind over the widest limited tenant's subtree (namespace prefix, see
 * {@link Command.View#listNamespacePrefix}); for {@code tenants} only the keys are read, never the objects. Limits are read from the {@link TenantCache} snapshot.
 * Tenant services (Etcd, Ingress, Monitoring) are the platform's and are not charged.
 *
 * <p>Thread-safe; the command may be retried by the store, so it is pure apart from its view.
 */
public final class ChargingStore implements ResourceStore {
    static final Map<String, String> CHARGED = Map.of("apps.canopy.dev/kuberneteses", "Kubernetes", "apps.canopy.dev/postgreses", "Postgres");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ResourceStore store;
    private final TenantCache cache;

    public ChargingStore(ResourceStore store, TenantCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public ObjectNode create(ResourceKey key, ObjectNode object) {
        boolean app = CHARGED.containsKey(key.resource());
        if (!app && !key.resource().equals(TenantCache.TENANTS)) return store.create(key, object);
        ResourceKey k = key.name().isEmpty() ? withGeneratedName(key, object) : key;
        store.transact(List.of(k), view -> {
            if (view.get(k).isPresent()) throw ApiException.alreadyExists(groupResource(k), k.name());
            TenantTree tree = cache.tree();
            if (app) {
                charge(view, tree, k, AppRequests.of(CHARGED.get(k.resource()), object).amounts());
            } else if (!TenantTree.isRootObject(k.namespace(), k.name())) {
                reserve(view, tree, k, object);
                charge(view, tree, k, TenantAdmission.tenantCount(1));
            }
            return new Command.Decision<>(List.of(new Command.Put(k, object)), null);
        });
        return store.get(k).orElseThrow(() -> ApiException.notFound(groupResource(k), k.name()));
    }

    @Override
    public ObjectNode update(ResourceKey key, ObjectNode object, UpdateOptions options) {
        if (options.subresource() != Subresource.MAIN) return store.update(key, object, options);
        if (key.resource().equals(TenantCache.TENANTS)) return updateTenant(key, object, options);
        if (!CHARGED.containsKey(key.resource())) return store.update(key, object, options);
        boolean charged = store.transact(List.of(key), view -> {
            ObjectNode current = view.get(key).orElseThrow(() -> ApiException.notFound(groupResource(key), key.name()));
            String rv = Objects.resourceVersion(object);
            if (!rv.isEmpty() && !rv.equals(Objects.resourceVersion(current))) {
                throw ApiException.conflict(groupResource(key), key.name(), "the object has been modified; please apply your changes to the latest version and try again");
            }
            String kind = CHARGED.get(key.resource());
            Map<String, BigDecimal> delta = AppRequests.diff(AppRequests.of(kind, current).amounts(), AppRequests.of(kind, object).amounts());
            delta.values().removeIf(v -> v.signum() <= 0);   // releases need no lock
            if (delta.isEmpty()) return new Command.Decision<>(List.of(), false);
            charge(view, cache.tree(), key, delta);
            ObjectNode next = object.deepCopy();
            if (options.statusSubresource()) {
                JsonNode status = current.get("status");
                if (status == null) next.remove("status");
                else next.set("status", status.deepCopy());
            }
            return new Command.Decision<>(List.of(new Command.Put(key, next)), true);
        });
        if (!charged) return store.update(key, object, options);
        return store.get(key).orElseThrow(() -> ApiException.notFound(groupResource(key), key.name()));
    }

    /**
     * A Tenant whose {@code resourceQuotas} change: rules 1 (headroom among its siblings) and 2 (not below
     * what its children reserve) are checked again inside the transaction, against siblings and children
     * read from the view, so a concurrent sibling create or child change cannot slip past.
     */
    private ObjectNode updateTenant(ResourceKey key, ObjectNode object, UpdateOptions options) {
        boolean written = store.transact(List.of(key), view -> {
            ObjectNode current = view.get(key).orElseThrow(() -> ApiException.notFound(groupResource(key), key.name()));
            Map<String, Quantity> before = quotas(current), after = quotas(object);
            if (java.util.Objects.equals(before, after) || Objects.deleting(current)) return new Command.Decision<>(List.of(), false);
            String rv = Objects.resourceVersion(object);
            if (!rv.isEmpty() && !rv.equals(Objects.resourceVersion(current))) {
                throw ApiException.conflict(groupResource(key), key.name(), "the object has been modified; please apply your changes to the latest version and try again");
            }
            TenantTree tree = cache.tree();
            if (!TenantTree.isRootObject(key.namespace(), key.name())) reserve(view, tree, key, object);
            shrink(view, key, after);
            ObjectNode next = object.deepCopy();
            JsonNode status = current.get("status");
            if (options.statusSubresource()) {
                if (status == null) next.remove("status");
                else next.set("status", status.deepCopy());
            }
            return new Command.Decision<>(List.of(new Command.Put(key, next)), true);
        });
        if (!written) return store.update(key, object, options);
        return store.get(key).orElseThrow(() -> ApiException.notFound(groupResource(key), key.name()));
    }

    /** Quota rule 2 over the children stored now (Tenant objects living in the tenant's own namespace). */
    private static void shrink(Command.View view, ResourceKey key, Map<String, Quantity> hard) {
        if (hard == null || hard.isEmpty()) return;
        String owned = TenantTree.ownedNamespace(key.namespace(), key.name());
        List<Map<String, Quantity>> children = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ObjectNode c : view.list(ListOptions.all(TenantCache.TENANTS).inNamespace(owned))) {
            if (TenantTree.isRootObject(owned, Objects.name(c))) continue;
            Map<String, Quantity> q = quotas(c);
            if (q != null) { children.add(q); names.add(TenantTree.ownedNamespace(owned, Objects.name(c))); }
        }
        List<FieldError> errs = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(hard).entrySet()) {
            String k = Quantities.resourceKey(e.getKey());
            BigDecimal limit;
            try {
                limit = Quantities.amount(e.getValue());
            } catch (RuntimeException bad) {
                continue;   // admission reports unparseable quantities
            }
            BigDecimal reserved = BigDecimal.ZERO;
            List<String> who = new ArrayList<>();
            for (int i = 0; i < children.size(); i++) {
                BigDecimal r = Quantities.amounts(children.get(i)).get(k);
                if (r != null && r.signum() > 0) { reserved = reserved.add(r); who.add(names.get(i) + " " + Quantities.format(r, e.getValue())); }
            }
            if (limit.compareTo(reserved) < 0) {
                errs.add(FieldError.invalid("spec.resourceQuotas[" + e.getKey() + "]", Quantities.text(e.getValue()),
                        "is less than what child tenants already reserve (" + Quantities.format(reserved, e.getValue()) + ": "
                        + String.join(", ", who) + "); lower their quotas first"));
            }
        }
        if (!errs.isEmpty()) throw ApiException.invalid("Tenant", key.name(), errs);
    }

    /** Quota rule 3 inside the transaction: refuses with 403 naming the tenant, resource, used, limit and what is left. */
    private static void charge(Command.View view, TenantTree tree, ResourceKey key, Map<String, BigDecimal> delta) {
        String ns = key.namespace();
        if (!tree.contains(ns)) return;   // admission refuses apps outside tenants; nothing to charge
        List<String> limited = new ArrayList<>();
        for (String t : tree.path(ns)) {
            TenantNode n = tree.node(t).orElseThrow();
            for (String r : n.resourceQuotas().keySet()) {
                if (delta.containsKey(Quantities.resourceKey(r))) { limited.add(t); break; }
            }
        }
        if (limited.isEmpty()) return;
        QuotaUsage usage = new QuotaUsage(Usage.of(view, limited, delta.keySet()));
        if (QuotaRules.charge(tree, usage, ns, delta) instanceof ChargeResult.Refused r) {
            throw QuotaRules.exceeded(groupResource(key), key.name(), r.errors());
        }
    }

    /** Quota rule 1 inside the transaction: the siblings are read from the view, so two new siblings cannot both take the headroom. */
    private static void reserve(Command.View view, TenantTree tree, ResourceKey key, ObjectNode object) {
        Map<String, Quantity> requested = quotas(object);
        if (requested == null || requested.isEmpty()) return;
        Optional<TenantNode> parent = tree.node(key.namespace());
        if (parent.isEmpty()) return;
        List<Map<String, Quantity>> siblings = new ArrayList<>();
        for (ObjectNode s : view.list(ListOptions.all(TenantCache.TENANTS).inNamespace(key.namespace()))) {
            if (Objects.name(s).equals(key.name()) || TenantTree.isRootObject(key.namespace(), Objects.name(s))) continue;
            Map<String, Quantity> q = quotas(s);
            if (q != null) siblings.add(q);
        }
        List<FieldError> errs = QuotaRules.checkChild(parent.get().name(), parent.get().resourceQuotas(), siblings, requested);
        if (!errs.isEmpty()) throw ApiException.invalid("Tenant", key.name(), errs);
    }

    private static Map<String, Quantity> quotas(ObjectNode tenant) {
        Tenant t = Json.convert(tenant, Tenant.class);
        return t.spec() == null ? null : t.spec().resourceQuotas();
    }

    private ResourceKey withGeneratedName(ResourceKey key, ObjectNode object) {
        String base = Objects.text(object, "metadata.generateName");
        if (base.isEmpty()) throw ApiException.invalid("object", "", FieldError.required("metadata.name", "name or generateName is required"));
        StringBuilder sb = new StringBuilder(base);
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        for (int i = 0; i < 5; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        Objects.metadata(object).put("name", sb.toString());
        return new ResourceKey(key.resource(), key.namespace(), sb.toString());
    }

    static String groupResource(ResourceKey key) {
        String[] p = key.resource().split("/", 2);
        return p[0].equals("core") ? p[1] : p[1] + "." + p[0];
    }

    // ------------------------------------------------------------------ pass-through

    @Override public Optional<ObjectNode> get(ResourceKey key) { return store.get(key); }
    @Override public ListResult list(ListOptions options) { return store.list(options); }
    @Override public ObjectNode delete(ResourceKey key, String uid, String rv) { return store.delete(key, uid, rv); }
    @Override public Watch watch(ListOptions options, long fromRevision) { return store.watch(options, fromRevision); }
    @Override public long revision() { return store.revision(); }
    @Override public long compactedRevision() { return store.compactedRevision(); }
    @Override public void compact(long revision) { store.compact(revision); }
    @Override public <R> R transact(Command<R> command) { return store.transact(command); }
    @Override public <R> R transact(List<ResourceKey> prefetch, Command<R> command) { return store.transact(prefetch, command); }

    /** The wrapped store is owned by whoever created it. */
    @Override public void close() { }
}
