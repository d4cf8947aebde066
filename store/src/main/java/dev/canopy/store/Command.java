package dev.canopy.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A decision made under the writer lock: read current state, return writes plus a response
 * (KRaft's "a command returns records and a response"). Throwing {@link dev.canopy.api.ApiException}
 * aborts with nothing written.
 */
@FunctionalInterface
public interface Command<R> {
    Decision<R> decide(View view);

    /** Consistent reads of current state inside the transaction. */
    interface View {
        Optional<ObjectNode> get(ResourceKey key);
        List<ObjectNode> list(ListOptions options);
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
