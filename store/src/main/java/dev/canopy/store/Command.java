package dev.canopy.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A decision made under the writer lock: read current state, return writes plus a response
 * (KRaft's "a command returns records and a response"). Throwing {@link dev.canopy.api.ApiException}
 * aborts with nothing written.
 *
 * <p>{@link #decide} may run more than once for one {@code transact}: the store may drop a decision made on
 * rows it already knew (they turned out stale, or the command read something it did not know) and decide
 * again on rows read under the lock, and a batch that cannot commit is retried operation by operation. So
 * a command must only read the view and return its decision: no side effects, and no changes to objects it
 * shares with its caller (what {@code View.get} and {@code View.list} return are fresh copies, its own to change).
 */
@FunctionalInterface
public interface Command<R> {
    Decision<R> decide(View view);

    /** Consistent reads of current state inside the transaction. */
    interface View {
        Optional<ObjectNode> get(ResourceKey key);
        List<ObjectNode> list(ListOptions options);

        /**
         * Objects of {@code resource} whose namespace starts with {@code namespacePrefix}, in key order
         * (one query for a namespace subtree instead of one per namespace). The default filters
         * {@link #list}; a store should select in the database.
         */
        default List<ObjectNode> listNamespacePrefix(String resource, String namespacePrefix) {
            return list(ListOptions.all(resource)).stream().filter(o -> dev.canopy.api.Objects.namespace(o).startsWith(namespacePrefix)).toList();
        }

        /** The keys of {@link #listNamespacePrefix}, without reading the objects (cheap when only a count is needed). */
        default List<ResourceKey> keysNamespacePrefix(String resource, String namespacePrefix) {
            return listNamespacePrefix(resource, namespacePrefix).stream()
                    .map(o -> new ResourceKey(resource, dev.canopy.api.Objects.namespace(o), dev.canopy.api.Objects.name(o))).toList();
        }
    }

    /**
     * The writes to make and what to answer. A Put is create-or-replace without a resourceVersion check; the
     * store fills uid, creationTimestamp, generation and resourceVersion exactly as create/update do. A Remove
     * deletes outright (no finalizer handling). All writes commit together or not at all.
     */
    record Decision<R>(List<Write> writes, R response) {}

    sealed interface Write permits Put, Remove {}

    record Put(ResourceKey key, ObjectNode object) implements Write {}

    record Remove(ResourceKey key) implements Write {}
}
