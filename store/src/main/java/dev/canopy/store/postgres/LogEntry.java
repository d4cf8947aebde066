package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.store.ResourceKey;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One committed row of the revision log as the watches read it: the objects as their JSON text, exactly as
 * stored. The {@link EventLog}'s ring holds thousands of these for as long as they are recent, and text costs
 * about a quarter of a parsed tree (one byte per character against ~100 bytes per field); each watch parses
 * what it delivers, which is the fresh copy it has to hand out anyway.
 *
 * @param object   state after the change (for a deletion: the last state)
 * @param previous state before the change, null for a creation
 */
record LogEntry(long revision, ResourceKey key, boolean deleted, String object, String previous) {

    static final String COLUMNS = "revision, resource, namespace, name, deleted, object, previous";

    static LogEntry read(ResultSet rs) throws SQLException {
        return new LogEntry(rs.getLong(1), new ResourceKey(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getBoolean(5),
                rs.getString(6), rs.getString(7));
    }

    /** A fresh parse of {@link #object}, the caller's to change. */
    ObjectNode parsedObject() { return Change.parse(object); }

    /** A fresh parse of {@link #previous}, or null. */
    ObjectNode parsedPrevious() { return previous == null ? null : Change.parse(previous); }
}
