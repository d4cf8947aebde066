package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

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
     * Read access to the store's objects during one hub pass: the shared informers' objects of the resources the
     * sources watch (a resource no source watches is listed from the store, once per pass), shared by all sources. The objects are shared
     * (and frozen): a source must not modify them.
     */
    interface View {
        /** Every object of a resource (e.g. {@code tenancy.canopy.dev/tenants}), all namespaces, in namespace/name order. */
        List<ObjectNode> list(String resource);

        /** The objects of a resource by name (cluster-scoped resources) — convenience over {@link #list}; read-only. */
        Map<String, ObjectNode> byName(String resource);
    }
}
