package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.server.controllers.Informer;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The hub's copy of every resource its sources watch (and the Clusters), kept by one informer each, so that a
 * pass reads memory instead of listing the store (at 1000 clusters, listing Clusters, Tenants and Namespaces
 * on every change was most of a pass). Objects are kept in the store's list order (namespace, then name).
 *
 * <p>Threading: informers write from their own threads; the hub's loop reads. A pass may see one resource a
 * moment newer than another — as with separate store lists — and every change is followed by another pass.
 */
final class HubCache implements AutoCloseable {
    /** Resource → (namespace NUL name → object). NUL sorts first, so keys sort like (namespace, name). */
    private final Map<String, ConcurrentSkipListMap<String, ObjectNode>> objects = new ConcurrentHashMap<>();
    private final List<Informer> informers = new ArrayList<>();
    private final ResourceStore store;
    /** Clusters changed since the last {@link #takeChanges}, or null when anything else changed (a full pass). */
    private java.util.Set<String> changedClusters = null;
    private final Object changesLock = new Object();

    /**
     * @param onChange called (on an informer thread) after a change that may change some cluster's desired state;
     *                 a Cluster change that touches only its status (the hub's own writes) does not count unless
     *                 {@code clusterStatusMatters}
     */
    HubCache(ResourceStore store, Iterable<String> resources, boolean clusterStatusMatters, Runnable onChange) {
        this.store = store;
        for (String r : resources) {
            ConcurrentSkipListMap<String, ObjectNode> into = new ConcurrentSkipListMap<>();
            objects.put(r, into);
            boolean clusters = r.equals(FleetKinds.CLUSTERS);
            informers.add(new Informer(store, ListOptions.all(r), new Informer.Handler() {
                @Override public void upsert(ObjectNode o) {
                    ObjectNode old = into.put(key(o), o);
                    if (clusters && !clusterStatusMatters && old != null && sameButStatus(old, o)) return;
                    changed(clusters ? Objects.name(o) : null);
                    onChange.run();
                }
                @Override public void remove(ObjectNode o) {
                    into.remove(key(o));
                    changed(null);
                    onChange.run();
                }
                @Override public void synced() { onChange.run(); }
            }, "fleet-hub-" + r));
        }
    }

    void changed(String cluster) {
        synchronized (changesLock) {
            if (cluster == null) changedClusters = null;
            else if (changedClusters != null) changedClusters.add(cluster);
        }
    }

    /**
     * What changed since the last call: the names of the Clusters that were added or changed (not removed), or
     * empty when anything else changed (or at the first call), which asks for a full pass. Then starts over.
     */
    java.util.Optional<java.util.Set<String>> takeChanges() {
        synchronized (changesLock) {
            var out = java.util.Optional.ofNullable(changedClusters);
            changedClusters = new java.util.HashSet<>();
            return out;
        }
    }

    HubCache start() {
        informers.forEach(Informer::start);
        return this;
    }

    /** Whether every informer has delivered its first full list (before that, a pass would see a partial fleet). */
    boolean synced() {
        for (Informer i : informers) if (!i.hasSynced()) return false;
        return true;
    }

    /** The objects of a resource, in the store's order; a new list (the objects are shared: do not modify). */
    List<ObjectNode> list(String resource) {
        var m = objects.get(resource);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    /** One pass's view: each resource copied out at most once, {@code byName} built at most once. */
    DesiredObjects.View view() {
        return new DesiredObjects.View() {
            private final Map<String, List<ObjectNode>> lists = new HashMap<>();
            private final Map<String, Map<String, ObjectNode>> byName = new HashMap<>();

            @Override
            public List<ObjectNode> list(String resource) {
                return lists.computeIfAbsent(resource, r -> {
                    var m = objects.get(r);
                    // a resource no source declared in watches(): read from the store (its changes start no pass)
                    return m == null ? List.copyOf(store.list(ListOptions.all(r)).items()) : List.copyOf(m.values());
                });
            }

            @Override
            public Map<String, ObjectNode> byName(String resource) {
                return byName.computeIfAbsent(resource, r -> {
                    Map<String, ObjectNode> out = new HashMap<>();
                    for (ObjectNode o : list(r)) out.put(Objects.name(o), o);
                    return java.util.Collections.unmodifiableMap(out);
                });
            }
        };
    }

    static String key(ObjectNode o) {
        String ns = Objects.namespace(o);
        return (ns == null ? "" : ns) + '\0' + Objects.name(o);
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
        informers.forEach(Informer::close);
    }
}
