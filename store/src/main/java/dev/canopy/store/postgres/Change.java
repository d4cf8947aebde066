package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.store.ResourceKey;

/**
 * One change made by a batch of the writer, while it is being written (the writer's own objects). Once
 * committed it reaches the watches as a {@link LogEntry} (text).
 *
 * @param object   state after the change (for a deletion: the last state)
 * @param previous state before the change, null for a creation
 */
record Change(long revision, ResourceKey key, boolean deleted, ObjectNode object, ObjectNode previous) {

    /**
     * An object as PostgreSQL sent it: {@code ResultSet.getBytes} of a jsonb column is its UTF-8 text, which
     * Jackson parses without first decoding it into a String (a copy per row that was the largest
     * allocation of a get).
     */
    static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("corrupt object in store: " + e.getMessage(), e);
        }
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("corrupt object in store: " + e.getMessage(), e);
        }
    }
}
