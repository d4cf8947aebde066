package dev.canopy.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Revisioned Kubernetes-style objects on PostgreSQL: the one place acknowledged writes live.
 *
 * <p>Every write appends a row with a new global revision; {@code metadata.resourceVersion} is that
 * revision in decimal. The store owns the object semantics that kube-apiserver's generic registry has:
 * uid, creationTimestamp, generation (bumped when anything outside metadata and status changes),
 * optimistic concurrency, the status subresource, finalizers with deletionTimestamp, and background
 * garbage collection of objects whose owners are gone.
 *
 * <p>Threading: all methods are safe to call from many threads. Writes go through a single writer per
 * process that commits them in revision order (so a watcher never sees revision N+1 before N), and
 * across replicas a row lock in PostgreSQL orders them. A method returns only after its write is
 * committed: what it returned survives a crash.
 */
public interface ResourceStore extends AutoCloseable {

    Optional<ObjectNode> get(ResourceKey key);

    ListResult list(ListOptions options);

    /**
     * Creates the object. Fills uid, creationTimestamp, resourceVersion, generation=1 and metadata.namespace;
     * a set generateName with an empty name gets a random 5-character suffix. 409 AlreadyExists if present.
     */
    ObjectNode create(ResourceKey key, ObjectNode object);

    /**
     * Replaces the object. If {@code metadata.resourceVersion} is set and not the current one: 409 Conflict.
     * 404 if absent. With {@code subresource == STATUS} only {@code status} is taken from {@code object};
     * with MAIN and {@code statusSubresource} the stored status is kept. Removing the last finalizer of an
     * object being deleted deletes it. An update that changes nothing writes nothing and returns the current
     * object.
     */
    ObjectNode update(ResourceKey key, ObjectNode object, UpdateOptions options);

    /**
     * Deletes the object: with finalizers it only sets deletionTimestamp (and returns the object), else it
     * is removed (and its last state returned). Dependents (ownerReferences to its uid) are deleted in the
     * background. {@code preconditionUid}/{@code preconditionResourceVersion} (nullable) give 409 on mismatch.
     */
    ObjectNode delete(ResourceKey key, String preconditionUid, String preconditionResourceVersion);

    /**
     * Opens a watch over the resource/namespace/selectors of {@code options} (limit/continue ignored),
     * delivering changes after {@code fromRevision}; 0 means "from now". 410 Gone when {@code fromRevision}
     * is older than the compacted revision.
     */
    Watch watch(ListOptions options, long fromRevision);

    /** The newest committed revision. */
    long revision();

    /** The oldest revision a watch may still start from. */
    long compactedRevision();

    /** Drops history at or below {@code revision} (current objects are kept). */
    void compact(long revision);

    /**
     * Runs {@code command} atomically under the writer lock: it reads the current state through the view
     * and returns the writes to make (all or none) and the result. Used for rules that must hold across
     * objects (space limits, quota charges). The command must be pure apart from the view: it may be retried.
     */
    <R> R transact(Command<R> command);

    /**
     * {@link #transact(Command)}, with the objects at {@code prefetch} read together with taking the lock:
     * one round trip for all of them instead of one per {@code view.get} while every other write waits.
     * Reading a key not listed is still allowed (it costs its own round trip).
     */
    default <R> R transact(List<ResourceKey> prefetch, Command<R> command) { return transact(command); }

    @Override
    void close();

    enum Subresource { MAIN, STATUS }

    /** @param statusSubresource whether the kind has a /status subresource (see {@link #update}) */
    record UpdateOptions(Subresource subresource, boolean statusSubresource) {
        public static final UpdateOptions MAIN_NO_STATUS = new UpdateOptions(Subresource.MAIN, false);
    }
}
