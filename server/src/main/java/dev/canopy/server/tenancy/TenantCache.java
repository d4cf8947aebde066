package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.server.auth.RbacIndex;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.tenancy.AccessRules;
import dev.canopy.tenancy.TenantRole;
import dev.canopy.tenancy.TenantTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step 1: the always-current tenant tree and tenant-role grants, fed by two informers (Tenants and
 * RoleBindings) and read from memory by the authorizer, admission, list filters and controllers.
 *
 * <p>Threading: each informer calls back on its own single thread; the writers are serialized by this
 * object's monitor and publish immutable snapshots through volatile fields (the {@link TenantTree} and
 * a map subject → grants), so readers never block and always see a consistent snapshot. Like any
 * informer cache it is eventually consistent with the store (milliseconds behind a write).
 *
 * <p>Grants: a RoleBinding whose {@code roleRef} is a {@code canopy:tenant:*} ClusterRole grants that
 * level to each subject in the binding's namespace (and, through {@link AccessRules}, in every
 * descendant). Subjects are keyed {@code User:<name>}, {@code Group:<name>}; a ServiceAccount subject is
 * the user {@code system:serviceaccount:<ns>:<name>}.
 */
public final class TenantCache implements AutoCloseable {
    static final String TENANTS = "tenancy.canopy.dev/tenants";

    private final String rootDomain;
    private final Map<String, ObjectNode> tenantObjects = new HashMap<>();         // guarded by this; ns/name -> object
    private final Map<String, Binding> bindings = new HashMap<>();                 // guarded by this; ns/name -> binding
    private volatile TenantTree tree;
    private int unplaced;                                                          // guarded by this; tenants the last rebuild could not place
    private volatile Map<String, Map<String, TenantRole>> bySubject = Map.of();
    private final AtomicLong generation = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<TenantListener> tenantListeners = new CopyOnWriteArrayList<>();
    private final List<SharedInformer.Registration> subscriptions = new ArrayList<>();

    /**
     * Told about each Tenant object change after the tree was updated (on the informer thread; must be
     * quick and must not throw). {@code inheritedChanged} is true when what the tenant's apps and
     * descendants inherit may have changed (the tenant appeared or vanished, its host or own services
     * changed, or the tree was rebuilt); {@code descendants} then lists the owned namespaces of its
     * descendants (for a removal, from the tree before it), else it is empty.
     */
    public interface TenantListener {
        void changed(ObjectNode tenant, boolean removed, boolean inheritedChanged, List<String> descendants);
    }

    private record Binding(String namespace, TenantRole role, List<String> subjects) {}

    public TenantCache(String rootDomain) {
        this.rootDomain = rootDomain;
        this.tree = TenantTree.empty(rootDomain);
    }

    /** Follows Tenants and RoleBindings (shared informers) and waits until both have delivered their first full list. */
    public TenantCache start(SharedInformers informers) throws InterruptedException {
        subscriptions.add(informers.subscribe(TENANTS, new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { upsertTenant(o); }
            @Override public void remove(ObjectNode o) { removeTenant(o); }
        }, Duration.ofSeconds(30)));
        subscriptions.add(informers.subscribe(RbacIndex.ROLE_BINDINGS, new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { upsertBinding(o); }
            @Override public void remove(ObjectNode o) { removeBinding(o); }
        }, Duration.ofSeconds(30)));
        return this;
    }

    /** The current snapshot. */
    public TenantTree tree() { return tree; }

    public AccessRules rules() { return new AccessRules(tree); }

    /** Bumped on every change of the tree or of any grant; watches use it to re-check visibility. */
    public long generation() { return generation.get(); }

    /** Called (on an informer thread) after each change; must be quick and must not throw. */
    public void onChange(Runnable listener) { listeners.add(listener); }

    /**
     * Registers {@code l} and replays every known Tenant object to it as a change, atomically, so the
     * listener misses nothing that happened before or after.
     */
    public synchronized void subscribe(TenantListener l) {
        tenantListeners.add(l);
        for (ObjectNode o : tenantObjects.values()) l.changed(o, false, true, List.of());
    }

    /** The tenant roles {@code user} holds directly, by namespace, merging the user's and their groups' bindings. */
    public Map<String, TenantRole> grants(UserInfo user) {
        if (user == null) return Map.of();
        Map<String, Map<String, TenantRole>> s = bySubject;
        if (s.isEmpty()) return Map.of();
        Map<String, TenantRole> own = s.get("User:" + user.name());
        Map<String, TenantRole> out = null;
        for (String g : user.groups()) {
            Map<String, TenantRole> m = s.get("Group:" + g);
            if (m == null) continue;
            if (out == null) out = new HashMap<>(own == null ? Map.of() : own);
            for (var e : m.entrySet()) out.merge(e.getKey(), e.getValue(), TenantRole::max);
        }
        return out != null ? out : own != null ? own : Map.of();
    }

    /**
     * Platform administrators may set {@code spec.host}: members of {@code system:masters} and holders of
     * super-admin on {@code tenant-root} (Cozystack's root tenant admins own the whole platform).
     */
    public boolean platformAdmin(UserInfo user) {
        return user != null && (user.inGroup(UserInfo.MASTERS) || grants(user).get(TenantTree.ROOT) == TenantRole.SUPER_ADMIN);
    }

    // ------------------------------------------------------------------ tenants

    synchronized void upsertTenant(ObjectNode o) {
        tenantObjects.put(key(o), o);
        String owned = TenantTree.ownedNamespace(Objects.namespace(o), Objects.name(o));
        TenantTree before = tree;
        boolean rebuilt = false;
        try {
            tree = tree.with(o);
            if (unplaced > 0) { rebuild(); rebuilt = true; }   // the parent of a waiting child may just have arrived
        } catch (ApiException | IllegalArgumentException e) {
            // e.g. a child delivered before its parent (a list is in namespace order): rebuild from everything known
            rebuild();
            rebuilt = true;
        }
        boolean affected = rebuilt || !java.util.Objects.equals(inherited(before, owned), inherited(tree, owned));
        tenantChanged(o, false, affected, affected && !tenantListeners.isEmpty() ? tree.descendants(owned) : List.of());
        changed();
    }

    /** What descendants inherit from the tenant owning {@code owned} (null when it is not in the tree). */
    private static Object inherited(TenantTree t, String owned) {
        return t.node(owned).map(n -> java.util.List.of(String.valueOf(n.host()), n.ownServices(), n.declared())).orElse(null);
    }

    private void tenantChanged(ObjectNode o, boolean removed, boolean inherited, List<String> descendants) {
        for (TenantListener l : tenantListeners) {
            try {
                l.changed(o, removed, inherited, descendants);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(TenantCache.class).warn("tenant listener failed", e);
            }
        }
    }

    synchronized void removeTenant(ObjectNode o) {
        ObjectNode known = tenantObjects.remove(key(o));
        if (known == null) return;
        String owned = TenantTree.ownedNamespace(Objects.namespace(o), Objects.name(o));
        List<String> descendants = tenantListeners.isEmpty() ? List.of() : tree.descendants(owned);
        tree = tree.without(owned);
        if (unplaced > 0) rebuild();
        tenantChanged(known, true, true, descendants);
        changed();
    }

    /** O(tenants); only while some tenant waits for its parent. */
    private void rebuild() {
        tree = TenantTree.of(rootDomain, new ArrayList<>(tenantObjects.values()));
        unplaced = tree.rejected().size();
    }

    // ------------------------------------------------------------------ grants

    synchronized void upsertBinding(ObjectNode o) {
        JsonNode ref = o.path("roleRef");
        var role = "ClusterRole".equals(ref.path("kind").asText()) ? TenantRole.ofClusterRole(ref.path("name").asText()) : java.util.Optional.<TenantRole>empty();
        Binding before = bindings.remove(key(o));
        if (role.isPresent()) {
            List<String> subjects = new ArrayList<>();
            for (JsonNode s : o.path("subjects")) {
                String kind = s.path("kind").asText(), name = s.path("name").asText();
                switch (kind) {
                    case "User" -> subjects.add("User:" + name);
                    case "Group" -> subjects.add("Group:" + name);
                    case "ServiceAccount" -> subjects.add("User:system:serviceaccount:"
                            + (s.path("namespace").asText().isEmpty() ? Objects.namespace(o) : s.path("namespace").asText()) + ":" + name);
                    default -> { }
                }
            }
            bindings.put(key(o), new Binding(Objects.namespace(o), role.get(), List.copyOf(subjects)));
        } else if (before == null) {
            return;   // not a tenant binding, before or now
        }
        rebuildGrants();
    }

    synchronized void removeBinding(ObjectNode o) {
        if (bindings.remove(key(o)) != null) rebuildGrants();
    }

    /** O(bindings of tenant roles): bindings change rarely, reads are constant time. */
    private void rebuildGrants() {
        Map<String, Map<String, TenantRole>> next = new HashMap<>();
        for (Binding b : bindings.values()) {
            for (String s : b.subjects()) next.computeIfAbsent(s, k -> new LinkedHashMap<>()).merge(b.namespace(), b.role(), TenantRole::max);
        }
        next.replaceAll((k, v) -> Map.copyOf(v));
        bySubject = Map.copyOf(next);
        changed();
    }

    private void changed() {
        generation.incrementAndGet();
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(TenantCache.class).warn("tenant cache listener failed", e);
            }
        }
    }

    private static String key(ObjectNode o) { return Objects.namespace(o) + "/" + Objects.name(o); }

    @Override
    public void close() {
        subscriptions.forEach(SharedInformer.Registration::close);
    }
}
