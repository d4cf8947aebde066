package dev.canopy.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.tenancy.Tenant;
import dev.canopy.api.tenancy.TenantRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of the tenant tree, keyed by the namespace each tenant owns.
 *
 * <p><b>The root.</b> The tree always has a root owning {@code tenant-root}. Like Cozystack, the root's
 * own Tenant object is named {@code root} and lives in {@code tenant-root} itself (the one tenant that
 * lives in the namespace it owns). Until such an object is added the root is implicit: its domain is
 * the seed's {@code --domain} and it runs every {@link TenantService}. A declared root takes its
 * {@code spec.host} (else the seed's domain) and runs each service unless its spec sets it to false.
 *
 * <p><b>Parents.</b> A Tenant lives in its parent's namespace, so the parent is found from
 * {@code metadata.namespace} and the owned namespace is derived from it
 * ({@link #ownedNamespace}). A Tenant in a namespace that no tenant owns is an orphan and is refused;
 * a cycle would need a tenant to own one of its own ancestors' namespaces, which is checked too
 * (it cannot happen with dash-free names, but the check is cheap and keeps the tree sound whatever
 * the input).
 *
 * <p><b>Cost.</b> Lookups are hash-map reads; everything derived (domain, services, ancestry, access)
 * walks at most {@code depth} parents, so nothing derived is stored and an update never rewrites a
 * subtree. The maps are persistent ({@link PersistentMap}, structural sharing): {@link #with} copies
 * only the key's path plus the parent's child list, so an update is microseconds at 10,000 tenants and
 * old snapshots stay valid for readers that still hold them; an update that changes nothing the rules
 * read (a status write) returns the same snapshot. {@link #of} builds any number of tenants in one pass.
 */
public final class TenantTree {
    /** The namespace the root tenant owns. */
    public static final String ROOT = "tenant-root";
    /** The name of the root's own Tenant object (Cozystack's convention). */
    public static final String ROOT_NAME = "root";

    private static final Comparator<String> BY_NAME = Comparator.naturalOrder();

    private final String rootDomain;
    private final PersistentMap<String, TenantNode> nodes;          // owned namespace -> node
    private final PersistentMap<String, List<String>> children;     // owned namespace -> children's owned namespaces, sorted, immutable
    private final List<Rejected> rejected;

    /** A Tenant that {@link #of} could not place, with the reason a person can act on. */
    public record Rejected(String namespace, String name, String reason) {}

    private TenantTree(String rootDomain, PersistentMap<String, TenantNode> nodes, PersistentMap<String, List<String>> children,
                       List<Rejected> rejected) {
        this.rootDomain = rootDomain == null ? "" : rootDomain;
        this.nodes = nodes;
        this.children = children;
        this.rejected = rejected;
    }

    /** A tree holding only the implicit root, whose domain is {@code rootDomain} (the seed's {@code --domain}). */
    public static TenantTree empty(String rootDomain) {
        return new TenantTree(rootDomain, PersistentMap.<String, TenantNode>empty().plus(ROOT, implicitRoot()), PersistentMap.empty(), List.of());
    }

    /**
     * Builds the tree from all Tenant objects at once (records or {@link ObjectNode}s, any order).
     * Tenants that cannot be placed (orphans) are left out and listed in {@link #rejected()} rather than
     * failing the whole load, so one bad object never stops a server from starting.
     */
    public static TenantTree of(String rootDomain, Collection<?> tenants) {
        List<Tenant> sorted = new ArrayList<>(tenants.size());
        for (Object o : tenants) sorted.add(toTenant(o));
        // Parents before children: a tenant's depth is the number of dashes in the namespace it lives in
        // (tenant-root: 0, tenant-foo: 1, tenant-foo-bar: 2), because names never contain dashes.
        sorted.sort(Comparator.comparingInt((Tenant t) -> levelOf(ns(t))).thenComparing(TenantTree::ns).thenComparing(TenantTree::name));
        // One pass without per-tenant child-list copies: nodes first, child lists sorted once at the end.
        TenantTree view = empty(rootDomain);
        Map<String, List<String>> kids = new HashMap<>();
        List<Rejected> rejected = new ArrayList<>();
        for (Tenant t : sorted) {
            List<FieldError> errs = view.check(t);
            if (!errs.isEmpty()) {
                rejected.add(new Rejected(ns(t), name(t), errs.get(0).detail()));
                continue;
            }
            TenantNode n = view.toNode(t);
            boolean isNew = !view.nodes.containsKey(n.namespace());
            view = new TenantTree(rootDomain, view.nodes.plus(n.namespace(), n), view.children, List.of());
            if (!n.isRoot() && isNew) kids.computeIfAbsent(n.parent(), k -> new ArrayList<>()).add(n.namespace());
        }
        PersistentMap<String, List<String>> frozen = PersistentMap.empty();
        for (Map.Entry<String, List<String>> e : kids.entrySet()) {
            e.getValue().sort(BY_NAME);
            frozen = frozen.plus(e.getKey(), List.copyOf(e.getValue()));
        }
        return new TenantTree(rootDomain, view.nodes, frozen, List.copyOf(rejected));
    }

    /** The namespace a tenant named {@code name} living in {@code parentNamespace} owns; the root owns its own. */
    public static String ownedNamespace(String parentNamespace, String name) {
        if (isRootObject(parentNamespace, name)) return ROOT;
        return TenantRules.ownedNamespace(parentNamespace, name);
    }

    /** Whether a Tenant object with this namespace and name is the root's own object. */
    public static boolean isRootObject(String namespace, String name) {
        return ROOT.equals(namespace) && ROOT_NAME.equals(name);
    }

    // ------------------------------------------------------------------ updates

    /**
     * Admission check of adding or replacing {@code tenant} in this tree: the errors (empty = fine).
     * Covers what needs the tree: the parent exists (no orphans), no cycle, the owned namespace fits.
     */
    public List<FieldError> check(Tenant tenant) {
        String ns = ns(tenant), name = name(tenant);
        List<FieldError> errs = new ArrayList<>();
        if (name.isEmpty()) errs.add(FieldError.required("metadata.name", "a tenant needs a name"));
        if (ns.isEmpty()) errs.add(FieldError.required("metadata.namespace",
                "a Tenant is created in its parent tenant's namespace (for a top-level tenant: " + ROOT + ")"));
        if (!errs.isEmpty()) return errs;
        if (isRootObject(ns, name)) return errs;
        if (!nodes.containsKey(ns)) {
            errs.add(FieldError.invalid("metadata.namespace", ns, "namespace \"" + ns + "\" is not owned by any tenant; "
                    + "a Tenant is created in its parent tenant's namespace (" + ROOT + " or a tenant-... namespace that exists)"));
            return errs;
        }
        String owned = ownedNamespace(ns, name);
        if (owned.length() > 63) {
            errs.add(FieldError.invalid("metadata.name", name, "the tenant's namespace \"" + owned + "\" would be " + owned.length()
                    + " characters; a namespace name must be no more than 63 characters (shorten this name or an ancestor's)"));
        }
        if (isAncestorOrSelf(owned, ns)) {
            errs.add(FieldError.invalid("metadata.namespace", ns, "tenant \"" + name + "\" would own namespace \"" + owned
                    + "\", an ancestor of the namespace it lives in: the tree would contain a cycle"));
        }
        TenantNode existing = nodes.get(owned);
        if (existing != null && existing.declared() && !(ns.equals(existing.parent()) && name.equals(existing.name()))) {
            errs.add(FieldError.invalid("metadata.name", name, "namespace \"" + owned + "\" is already owned by tenant \""
                    + existing.name() + "\" in namespace \"" + existing.parent() + "\""));
        }
        return errs;
    }

    /** A new snapshot with {@code tenant} (a {@link Tenant} or an {@link ObjectNode}) added or replaced; 422 if it does not fit. */
    public TenantTree with(Object tenant) {
        Tenant t = toTenant(tenant);
        List<FieldError> errs = check(t);
        if (!errs.isEmpty()) throw ApiException.invalid("Tenant", name(t), errs);
        TenantNode n = toNode(t);
        TenantNode old = nodes.get(n.namespace());
        if (n.equals(old)) return this;   // e.g. a status-only update: nothing the rules read changed
        PersistentMap<String, List<String>> nk = children;
        if (old == null && !n.isRoot()) {
            List<String> siblings = new ArrayList<>(children.getOrDefault(n.parent(), List.of()));
            int at = Collections.binarySearch(siblings, n.namespace(), BY_NAME);
            siblings.add(-at - 1, n.namespace());
            nk = children.plus(n.parent(), List.copyOf(siblings));
        }
        return new TenantTree(rootDomain, nodes.plus(n.namespace(), n), nk, rejected);
    }

    /**
     * A new snapshot without the tenant owning {@code namespace} and its whole subtree (deleting a tenant
     * deletes its descendants; keeping them would leave orphans). Removing the root's object reverts the
     * root to the implicit one; the root itself always stays.
     */
    public TenantTree without(String namespace) {
        TenantNode n = nodes.get(namespace);
        if (n == null) return this;
        if (n.isRoot()) return new TenantTree(rootDomain, nodes.plus(ROOT, implicitRoot()), children, rejected);
        PersistentMap<String, TenantNode> nn = nodes;
        PersistentMap<String, List<String>> nk = children;
        for (String d : subtree(namespace)) { nn = nn.minus(d); nk = nk.minus(d); }
        List<String> siblings = new ArrayList<>(children.getOrDefault(n.parent(), List.of()));
        siblings.remove(namespace);
        nk = siblings.isEmpty() ? nk.minus(n.parent()) : nk.plus(n.parent(), List.copyOf(siblings));
        return new TenantTree(rootDomain, nn, nk, rejected);
    }

    // ------------------------------------------------------------------ structure

    public String rootDomain() { return rootDomain; }
    public int size() { return nodes.size(); }
    public List<Rejected> rejected() { return rejected; }
    public boolean contains(String namespace) { return namespace != null && nodes.containsKey(namespace); }
    public Optional<TenantNode> node(String namespace) { return Optional.ofNullable(namespace == null ? null : nodes.get(namespace)); }
    /** All owned namespaces (a fresh set: O(n), for listings, not for hot paths). */
    public Set<String> namespaces() { return Set.copyOf(nodes.keys()); }

    /** The parent's owned namespace, or null for the root and for unknown namespaces. */
    public String parent(String namespace) {
        TenantNode n = nodes.get(namespace);
        return n == null ? null : n.parent();
    }

    /** Direct children's owned namespaces, sorted. */
    public List<String> children(String namespace) { return children.getOrDefault(namespace, List.of()); }

    /** 0 for the root; -1 for a namespace no tenant owns. */
    public int depth(String namespace) {
        TenantNode n = nodes.get(namespace);
        return n == null ? -1 : n.depth();
    }

    /** Ancestors' owned namespaces, root first, without {@code namespace} itself. */
    public List<String> ancestors(String namespace) {
        TenantNode n = nodes.get(namespace);
        if (n == null || n.isRoot()) return List.of();
        String[] out = new String[n.depth()];
        String p = n.parent();
        for (int i = out.length - 1; i >= 0; i--) { out[i] = p; p = nodes.get(p).parent(); }
        return List.of(out);
    }

    /** Ancestors then the namespace itself: {@code status.path}. */
    public List<String> path(String namespace) {
        if (!nodes.containsKey(namespace)) return List.of();
        List<String> out = new ArrayList<>(ancestors(namespace));
        out.add(namespace);
        return List.copyOf(out);
    }

    /** Whether {@code ancestor} is {@code namespace} or one of its ancestors. O(depth). */
    public boolean isAncestorOrSelf(String ancestor, String namespace) {
        for (TenantNode n = nodes.get(namespace); n != null; n = n.parent() == null ? null : nodes.get(n.parent())) {
            if (n.namespace().equals(ancestor)) return true;
        }
        return false;
    }

    /** All descendants' owned namespaces in pre-order (parents before children, siblings by name), without {@code namespace}. */
    public List<String> descendants(String namespace) {
        List<String> out = new ArrayList<>();
        collect(namespace, out);
        return out;
    }

    /** {@code namespace} followed by its {@link #descendants}. */
    public List<String> subtree(String namespace) {
        if (!nodes.containsKey(namespace)) return List.of();
        List<String> out = new ArrayList<>();
        out.add(namespace);
        collect(namespace, out);
        return out;
    }

    /**
     * The order in which deleting {@code namespace} removes tenants: every tenant after all of its
     * descendants (the reverse of {@link #subtree}), so finalizers can run bottom-up.
     */
    public List<String> deletionOrder(String namespace) {
        return subtree(namespace).reversed();
    }

    private void collect(String namespace, List<String> out) {
        // Iterative pre-order: deep trees must not overflow the stack.
        ArrayList<String> stack = new ArrayList<>(children(namespace).reversed());
        while (!stack.isEmpty()) {
            String c = stack.removeLast();
            out.add(c);
            List<String> k = children(c);
            for (int i = k.size() - 1; i >= 0; i--) stack.add(k.get(i));
        }
    }

    // ------------------------------------------------------------------ domains and services

    /**
     * The tenant's domain: {@code spec.host} if set, else {@code <name>.<parent domain>}; the root's is its
     * own {@code spec.host} or the seed's domain. Empty for a namespace no tenant owns.
     */
    public String domain(String namespace) {
        TenantNode n = nodes.get(namespace);
        if (n == null) return "";
        StringBuilder prefix = new StringBuilder();
        while (true) {
            String base = n.host() != null ? n.host() : n.isRoot() ? rootDomain : null;
            if (base != null) return base.isEmpty() && prefix.length() > 0 ? prefix.substring(0, prefix.length() - 1) : prefix + base;
            prefix.append(n.name()).append('.');
            n = nodes.get(n.parent());
        }
    }

    /** An app's host: {@code <app>.<tenant domain>} (Cozystack's {@code kubernetes-cluster1.foo.example.org}). */
    public String appHost(String appName, String tenantNamespace) {
        String d = domain(tenantNamespace);
        return d.isEmpty() ? appName : appName + "." + d;
    }

    /** The owned namespace of the nearest tenant (self first, then ancestors) that runs {@code service}, or null if none does. */
    public String serviceNamespace(String namespace, TenantService service) {
        for (TenantNode n = nodes.get(namespace); n != null; n = n.parent() == null ? null : nodes.get(n.parent())) {
            if (n.runs(service)) return n.namespace();
        }
        return null;
    }

    /** All four resolutions at once, shaped as {@code status.services} (of a tenant or of an app in it). */
    public Tenant.Services services(String namespace) {
        return new Tenant.Services(serviceNamespace(namespace, TenantService.ETCD), serviceNamespace(namespace, TenantService.INGRESS),
                serviceNamespace(namespace, TenantService.MONITORING), serviceNamespace(namespace, TenantService.SEAWEEDFS));
    }

    /** The derived part of a Tenant's status (namespace, domain, parent, path, services); quota and conditions are left null. */
    public Tenant.Status status(String namespace) {
        if (!nodes.containsKey(namespace)) return null;
        return new Tenant.Status(namespace, domain(namespace), parent(namespace), path(namespace), services(namespace), null, null, null);
    }

    // ------------------------------------------------------------------ conversion

    private TenantNode toNode(Tenant t) {
        String ns = ns(t), name = name(t);
        Tenant.Spec spec = t.spec();
        boolean root = isRootObject(ns, name);
        Set<TenantService> own = EnumSet.noneOf(TenantService.class);
        for (TenantService s : TenantService.values()) {
            Boolean v = s.in(spec);
            // The root runs every service unless told not to; any other tenant only when told to.
            if (root ? !Boolean.FALSE.equals(v) : Boolean.TRUE.equals(v)) own.add(s);
        }
        String host = spec == null || spec.host() == null || spec.host().isBlank() ? null : spec.host().trim();
        if (root) return new TenantNode(ROOT, ROOT_NAME, null, 0, host, own, spec == null ? null : spec.resourceQuotas(), true);
        return new TenantNode(ownedNamespace(ns, name), name, ns, nodes.get(ns).depth() + 1, host, own,
                spec == null ? null : spec.resourceQuotas(), true);
    }

    private static TenantNode implicitRoot() {
        return new TenantNode(ROOT, ROOT_NAME, null, 0, null, EnumSet.allOf(TenantService.class), Map.of(), false);
    }

    static Tenant toTenant(Object o) {
        if (o instanceof Tenant t) return t;
        if (o instanceof ObjectNode n) return Json.convert(n, Tenant.class);
        throw new IllegalArgumentException("not a Tenant: " + (o == null ? "null" : o.getClass().getName()));
    }

    private static String ns(Tenant t) { return t.metadata() == null || t.metadata().getNamespace() == null ? "" : t.metadata().getNamespace(); }
    private static String name(Tenant t) { return t.metadata() == null || t.metadata().getName() == null ? "" : t.metadata().getName(); }

    private static int levelOf(String ns) {
        if (ROOT.equals(ns)) return 0;
        int c = 0;
        for (int i = 0; i < ns.length(); i++) if (ns.charAt(i) == '-') c++;
        return c;
    }
}
