package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One source of the objects clusters should hold (tenant placement, Spaces, template instances, …).
 * The {@link FleetHub} follows every resource a source {@link #watches() watches} through the seed's shared
 * informers, and on any change asks every source again and sends each cluster the union of their answers.
 * A source should answer with the same (ideally frozen, {@code api/FrozenJson}) instances for inputs that did not
 * change: the hub then compares by identity and keeps them as they are (see {@code kiosk.SpacePlacement}).
 *
 * <p>Implementations are pure functions of what the {@link View} lists: idempotent, deterministic (the
 * hub compares answers to decide whether a cluster needs a delta), and called on the hub's loop thread
 * only, so they need no locking of their own.
 */
public interface DesiredObjects {

    /** Store resources (e.g. {@code core/namespaces}) whose changes may change this source's answer. */
    List<String> watches();

    /**
     * @param clusters the Cluster objects (also those being deleted, which should get nothing)
     * @param view     the store's current objects, listed at most once per pass
     * @return cluster name → objects for that cluster; clusters absent from the map get nothing from this source
     */
    Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view);

    /**
     * Whether this source's answer depends on a Cluster's {@code status}. The hub writes Cluster statuses itself,
     * often (heartbeats, apply results), so by default a change to a Cluster's status alone does not start a
     * pass; such a source still sees the current status at the next pass (at most one heartbeat interval later).
     */
    default boolean readsClusterStatus() { return false; }

    /**
     * Whether this source's answer for a cluster depends only on that cluster (and the view), not on which other
     * clusters exist. When every source says so, a change to some Clusters alone (added, relabelled) makes the hub
     * ask about those clusters only, passing just them in {@code clusters}. Default false (always every cluster).
     */
    default boolean perCluster() { return false; }

    /**
     * The namespaces whose objects in this source's answer a change may change (a Namespace object counts as part of
     * its own namespace), or null when the source cannot tell, which makes the hub ask about everything. With it the
     * hub recomputes only those namespaces after a change ({@link #desired(List, View, Set)}): at 100,000 Spaces a
     * whole pass takes hundreds of ms, and every Space create started one. Pure and quick; called on informer threads.
     * Default null.
     *
     * @param resource one of {@link #watches()}
     * @param before   the object as it was (null when created)
     * @param after    the object as it is (null when deleted)
     */
    default Set<String> touched(String resource, ObjectNode before, ObjectNode after) { return null; }

    /**
     * This source's answer for some namespaces only: per cluster, the objects of {@code namespaces} ({@link #namespaceOf})
     * and the cluster-scoped objects they need. It must agree with {@link #desired(List, View)} on those objects. A
     * partial pass adds or updates the cluster-scoped objects it is given but never removes one (the next whole pass
     * does). Same threading as the whole answer. Default: the whole answer, filtered (correct, not cheaper).
     */
    default Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view, Set<String> namespaces) {
        Map<String, List<ObjectNode>> out = new java.util.TreeMap<>();
        desired(clusters, view).forEach((cluster, objects) -> out.put(cluster, objects.stream().filter(o -> {
            String ns = namespaceOf(o);
            return ns == null || namespaces.contains(ns);
        }).toList()));
        return out;
    }

    /** The namespace a cluster's object belongs to for partial passes: its own, a Namespace's name, or null (cluster-scoped). */
    static String namespaceOf(ObjectNode leafObject) {
        String ns = dev.canopy.api.Objects.namespace(leafObject);
        if (ns != null && !ns.isEmpty()) return ns;
        return "Namespace".equals(leafObject.path("kind").asText()) ? dev.canopy.api.Objects.name(leafObject) : null;
    }

    /**
     * Read access to the store's objects during one hub pass: the shared informers' objects of the resources the
     * sources watch (a resource no source watches is listed from the store, once per pass), shared by all sources. The objects are shared
     * (and frozen): a source must not modify them.
     */
    interface View {
        /** Every object of a resource (e.g. {@code tenancy.canopy.dev/tenants}), all namespaces, in namespace/name order. */
        List<ObjectNode> list(String resource);

        /** The objects of a resource by name (cluster-scoped resources) — convenience over {@link #list}; read-only. */
        Map<String, ObjectNode> byName(String resource);

        /** The objects of a resource in one namespace ("" for a cluster-scoped resource), by name; read-only. */
        List<ObjectNode> list(String resource, String namespace);

        /** One object ({@code namespace} "" for cluster-scoped), or null. */
        ObjectNode get(String resource, String namespace, String name);
    }
}
