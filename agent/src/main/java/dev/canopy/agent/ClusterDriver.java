package dev.canopy.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.StatusReport;
import java.util.List;
import java.util.Optional;

/**
 * What an agent needs from a cluster. Implementations: {@link SimulatedDriver} (in memory) and, later, a
 * fabric8 driver for a real Kubernetes API. Every object the agent writes carries {@link #MANAGED_BY}
 * {@code = }{@link #CANOPY}; a driver never updates nor deletes an object without that label. Methods
 * are called from the agent's single session thread, but implementations must be thread-safe (RPC reads
 * may come from another thread).
 */
public interface ClusterDriver extends AutoCloseable {
    String MANAGED_BY = "canopy.dev/managed-by";
    String CANOPY = "canopy";

    /** Shown in the Cluster's status: {@code simulated} or {@code kubernetes}. */
    String name();

    /**
     * Creates the object, or updates it when it exists and is managed by Canopy. Idempotent: applying the
     * same object twice gives {@link StatusReport.Outcome#UNCHANGED}. The object passed in already carries
     * the managed-by label.
     *
     * @throws DriverException when the cluster refuses, or the object exists and is not Canopy's
     */
    StatusReport.Outcome apply(ObjectNode object);

    /** Deletes a managed object; false when it is absent or not Canopy's (then it is left alone). */
    boolean delete(ObjectRef ref);

    /**
     * Stops managing an object without deleting it: removes the {@link #MANAGED_BY} label, so Canopy will
     * neither update nor prune it again (used for objects annotated {@link #RESOURCE_POLICY}{@code : keep}).
     * False when it is absent or not Canopy's. Idempotent.
     */
    boolean release(ObjectRef ref);

    /** Helm's annotation; {@code keep} means "never delete this object when it stops being desired". */
    String RESOURCE_POLICY = "helm.sh/resource-policy";

    /** Whether an object asks to be kept when it is no longer desired ({@code helm.sh/resource-policy: keep}). */
    static boolean keep(ObjectNode o) {
        return "keep".equals(o.path("metadata").path("annotations").path(RESOURCE_POLICY).asText(null));
    }

    /** The managed objects of one kind, or of every kind the driver handles when {@code kind} is null. */
    List<ObjectNode> listManaged(String kind);

    /** One object as the cluster has it (managed or not). */
    Optional<ObjectNode> get(String kind, String namespace, String name);

    /** Facts reported to the seed. */
    StatusReport.ClusterFacts facts();

    /**
     * Pod usage of each of {@code namespaces} ({@link PodUsage}), every namespace listed even when empty.
     * A read; may be called from the session thread only.
     *
     * @throws DriverException when the cluster cannot be read
     */
    List<StatusReport.NamespaceUsage> usage(java.util.Collection<String> namespaces);

    @Override
    default void close() {}

    /** A cluster refused a write; the message is shown in apply results. */
    final class DriverException extends RuntimeException {
        public DriverException(String message) { super(message); }

        public DriverException(String message, Throwable cause) { super(message, cause); }
    }

    static boolean managed(ObjectNode o) {
        return CANOPY.equals(o.path("metadata").path("labels").path(MANAGED_BY).asText(null));
    }
}
