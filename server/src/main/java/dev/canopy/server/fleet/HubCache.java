package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The hub's view of every resource its sources watch (and the Clusters): the seed's {@link SharedInformers}, so
 * that a pass reads memory instead of listing the store (at 1000 clusters, listing Clusters, Tenants and
 * Namespaces on every change was most of a pass) without a copy of its own (at 100,000 Spaces the hub's own
 * parsed copies of Spaces, namespaces and RoleBindings were 7.5 KB per Space). Objects come in the store's
 * list order (namespace, then name), frozen (read-only).
 *
 * <p>Threading: informers call the handlers from their own threads; the hub's loop reads. A pass may see one
 * resource a moment newer than another — as with separate store lists — and every change is followed by another pass.
 */
final class HubCache implements AutoCloseable {
    private final Map<String, SharedInformer> informers = new java.util.LinkedHashMap<>();
    private final List<SharedInformer.Registration> subscriptions = new ArrayList<>();
    private final List<Runnable> starts = new ArrayList<>();
    private final ResourceStore store;
    /** Beyond this many namespaces changed between two passes, the next pass is a whole one (cheaper by then). */
    static final int MAX_NAMESPACES = 5_000;
    /** Changes since the last {@link #takeChanges}; all = true asks for a whole pass. Guarded by {@link #changesLock}. */
    private boolean all = true;
    private java.util.Set<String> changedClusters = new java.util.HashSet<>();
    private java.util.Set<String> changedNamespaces = new java.util.HashSet<>();
    private final Object changesLock = new Object();

    /**
     * Which namespaces' objects a change of one object may change, for the hub's partial passes (null: cannot tell).
     * Called on informer threads.
     */
    @FunctionalInterface
    interface Touched {
        java.util.Set<String> namespaces(String resource, ObjectNode before, ObjectNode after);
    }

    /**
     * @param touched  which namespaces a change of a non-Cluster object touches ({@link DesiredObjects#touched})
     * @param onChange called (on an informer thread) after a change that may change some cluster's desired state;
     *                 a Cluster change that touches only its status (the hub's own writes) does not count unless
     *                 {@code clusterStatusMatters}
     */
    HubCache(ResourceStore store, SharedInformers shared, Iterable<String> resources, boolean clusterStatusMatters, Touched touched,
             Runnable onChange) {
        this.store = store;
        for (String r : resources) {
            SharedInformer informer = shared.informer(r);
            informers.put(r, informer);
            boolean clusters = r.equals(FleetKinds.CLUSTERS);
            SharedInformer.Handler h = new SharedInformer.Handler() {
                @Override public void upsert(ObjectNode o) { upsert(null, o); }
                @Override public void upsert(ObjectNode old, ObjectNode o) {
                    if (clusters) {
                        if (!clusterStatusMatters && old != null && sameButStatus(old, o)) return;
                        clusterChanged(Objects.name(o));
                    } else {
                        namespacesChanged(touchedSafely(touched, r, old, o));
                    }
                    onChange.run();
                }
                @Override public void remove(ObjectNode o) {
                    // a removed Cluster: its state is dropped by a whole pass
                    if (clusters) namespacesChanged(null);
                    else namespacesChanged(touchedSafely(touched, r, o, null));
                    onChange.run();
                }
                @Override public void synced() { onChange.run(); }
            };
            starts.add(() -> subscriptions.add(informer.addHandler(h)));
        }
    }

    /** A source that cannot place a change (it threw) asks for a whole pass: a change must never be missed. */
    private static java.util.Set<String> touchedSafely(Touched touched, String resource, ObjectNode before, ObjectNode after) {
        try {
            return touched.namespaces(resource, before, after);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A Cluster was added or changed (not removed). */
    void clusterChanged(String cluster) {
        synchronized (changesLock) {
            if (!all) changedClusters.add(cluster);
        }
    }

    /** Objects of these namespaces may have changed; null: anything may have (a whole pass). */
    void namespacesChanged(java.util.Set<String> namespaces) {
        synchronized (changesLock) {
            if (all) return;
            if (namespaces == null || changedNamespaces.size() + namespaces.size() > MAX_NAMESPACES) {
                all = true;
                changedClusters = new java.util.HashSet<>();
                changedNamespaces = new java.util.HashSet<>();
            } else {
                changedNamespaces.addAll(namespaces);
            }
        }
    }

    /** What changed between two passes: everything ({@code all}), or the Clusters added or changed and the namespaces touched. */
    record Changes(boolean all, java.util.Set<String> clusters, java.util.Set<String> namespaces) {
        boolean none() { return !all && clusters.isEmpty() && namespaces.isEmpty(); }
    }

    /** What changed since the last call (everything, at the first call); then starts over. */
    Changes takeChanges() {
        synchronized (changesLock) {
            Changes out = new Changes(all, all ? java.util.Set.of() : changedClusters, all ? java.util.Set.of() : changedNamespaces);
            all = false;
            changedClusters = new java.util.HashSet<>();
            changedNamespaces = new java.util.HashSet<>();
            return out;
        }
    }

    HubCache start() {
        starts.forEach(Runnable::run);
        return this;
    }

    /** Whether every informer has delivered its first full list (before that, a pass would see a partial fleet). */
    boolean synced() {
        for (SharedInformer i : informers.values()) if (!i.hasSynced()) return false;
        return true;
    }

    /** The objects of a resource, in the store's order; a new list (the objects are shared and frozen). */
    List<ObjectNode> list(String resource) {
        SharedInformer i = informers.get(resource);
        return i == null ? List.of() : i.list();
    }

    /** One pass's view: each resource copied out at most once, {@code byName} built at most once. */
    DesiredObjects.View view() {
        return new DesiredObjects.View() {
            private final Map<String, List<ObjectNode>> lists = new HashMap<>();
            private final Map<String, Map<String, ObjectNode>> byName = new HashMap<>();

            @Override
            public List<ObjectNode> list(String resource) {
                return lists.computeIfAbsent(resource, r -> {
                    SharedInformer i = informers.get(r);
                    // a resource no source declared in watches(): read from the store (its changes start no pass)
                    return i == null ? List.copyOf(store.list(ListOptions.all(r)).items()) : java.util.Collections.unmodifiableList(i.list());
                });
            }

            @Override
            public Map<String, ObjectNode> byName(String resource) {
                return byName.computeIfAbsent(resource, r -> {
                    SharedInformer i = informers.get(r);
                    // an informer's objects are found by name as they are: no map of 100,000 namespaces per pass
                    if (i != null) return new ByName(i, () -> copy(list(r)));
                    return copy(list(r));
                });
            }

            @Override
            public List<ObjectNode> list(String resource, String namespace) {
                SharedInformer i = informers.get(resource);
                if (i != null) return java.util.Collections.unmodifiableList(i.list(namespace));
                String ns = namespace == null ? "" : namespace;
                return list(resource).stream().filter(o -> ns.equals(java.util.Objects.requireNonNullElse(Objects.namespace(o), ""))).toList();
            }

            @Override
            public ObjectNode get(String resource, String namespace, String name) {
                SharedInformer i = informers.get(resource);
                if (i != null) return i.get(namespace, name).orElse(null);
                for (ObjectNode o : list(resource, namespace)) if (name.equals(Objects.name(o))) return o;
                return null;
            }

            private Map<String, ObjectNode> copy(List<ObjectNode> objects) {
                Map<String, ObjectNode> out = new HashMap<>();
                for (ObjectNode o : objects) out.put(Objects.name(o), o);
                return java.util.Collections.unmodifiableMap(out);
            }
        };
    }

    /**
     * A cluster-scoped informer's objects by name, read-only: {@code get} asks the informer; iterating builds a
     * copy once. Like the lists, it may be a moment newer than another resource's; a change starts another pass.
     */
    private static final class ByName extends java.util.AbstractMap<String, ObjectNode> {
        private final SharedInformer informer;
        private final java.util.function.Supplier<Map<String, ObjectNode>> all;
        private Map<String, ObjectNode> copy;

        ByName(SharedInformer informer, java.util.function.Supplier<Map<String, ObjectNode>> all) {
            this.informer = informer;
            this.all = all;
        }

        @Override public ObjectNode get(Object name) { return name instanceof String n ? informer.get("", n).orElse(null) : null; }

        @Override public boolean containsKey(Object name) { return get(name) != null; }

        @Override
        public java.util.Set<Entry<String, ObjectNode>> entrySet() {
            if (copy == null) copy = all.get();
            return copy.entrySet();
        }
    }

    /** Equal except for {@code status} and the metadata the store fills in on every write. */
    static boolean sameButStatus(ObjectNode a, ObjectNode b) {
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
            var e = it.next();
            String f = e.getKey();
            if (f.equals("status")) continue;
            if (f.equals("metadata")) {
                if (!sameMetadata(a.path("metadata"), e.getValue())) return false;
            } else if (!e.getValue().equals(a.get(f))) {
                return false;
            }
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("status") && !b.has(f)) return false;
        }
        return true;
    }

    private static boolean sameMetadata(JsonNode a, JsonNode b) {
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("resourceVersion") || e.getKey().equals("managedFields")) continue;
            if (!e.getValue().equals(a.get(e.getKey()))) return false;
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("resourceVersion") && !f.equals("managedFields") && !b.has(f)) return false;
        }
        return true;
    }

    @Override
    public void close() {
        subscriptions.forEach(SharedInformer.Registration::close);
    }
}
