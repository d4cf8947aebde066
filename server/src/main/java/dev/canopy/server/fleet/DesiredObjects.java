package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One source of the objects clusters should hold (tenant placement, Spaces, template instances, …).
 * The {@link FleetHub} keeps an informer on every resource a source {@link #watches() watches}, and on
 * any change asks every source again and sends each cluster the union of their answers.
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

    /** Read access to the store during one hub pass; each resource is listed once and shared by all sources. */
    interface View {
        /** Every object of a resource (e.g. {@code tenancy.canopy.dev/tenants}), all namespaces. */
        List<ObjectNode> list(String resource);

        /** The objects of a resource by name (cluster-scoped resources) — convenience over {@link #list}. */
        Map<String, ObjectNode> byName(String resource);
    }
}
