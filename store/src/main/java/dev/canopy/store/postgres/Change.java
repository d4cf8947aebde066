package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.store.ResourceKey;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of the revision log. The nodes are shared between watches and must never be mutated;
 * watches hand out copies.
 *
 * @param object   state after the change (for a deletion: the last state)
 * @param previous state before the change, null for a creation
 */
record Change(long revision, ResourceKey key, boolean deleted, ObjectNode object, ObjectNode previous) {

    static final String COLUMNS = "revision, resource, namespace, name, deleted, object, previous";

    static Change read(ResultSet rs) throws SQLException {
        String prev = rs.getString(7);
        return new Change(rs.getLong(1), new ResourceKey(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getBoolean(5),
                parse(rs.getString(6)), prev == null ? null : parse(prev));
    }

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
