package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.store.ResourceKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The state of one writer transaction: current objects read from the database (cached), the writes of
 * the operations that succeeded so far (an overlay), and the log rows to insert. Writer thread only.
 */
final class WriteTx {
    /** A database error inside an operation: fails the whole batch, unlike an ApiException. */
    static final class DatabaseFailure extends RuntimeException {
        DatabaseFailure(SQLException cause) { super(cause); }
        @Override public synchronized SQLException getCause() { return (SQLException) super.getCause(); }
    }

    final Connection connection;
    private final long startRevision;
    long revision;
    private final Map<ResourceKey, Optional<ObjectNode>> base = new HashMap<>();
    final Map<ResourceKey, Optional<ObjectNode>> overlay = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();

    WriteTx(Connection connection, long revision) {
        this.connection = connection;
        this.startRevision = revision;
        this.revision = revision;
    }

    WriteScope scope() { return new WriteScope(this); }

    List<Change> changes() { return changes; }

    void merge(Map<ResourceKey, Optional<ObjectNode>> writes, List<Change> newChanges, long newRevision) {
        overlay.putAll(writes);
        changes.addAll(newChanges);
        revision = newRevision;
    }

    /** The current object as of the earlier operations of this batch, or null. */
    ObjectNode current(ResourceKey key) {
        Optional<ObjectNode> o = overlay.get(key);
        if (o != null) return o.orElse(null);
        o = base.get(key);
        if (o == null) {
            prefetch(List.of(key));
            o = base.get(key);
        }
        return o.orElse(null);
    }

    /** Loads the current rows of {@code keys} in one round trip. */
    void prefetch(List<ResourceKey> keys) {
        List<ResourceKey> missing = keys.stream().filter(k -> !base.containsKey(k) && !overlay.containsKey(k)).distinct().toList();
        if (missing.isEmpty()) return;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.resource, c.namespace, c.name, c.object FROM current c "
                        + "JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(r, ns, n) "
                        + "ON c.resource = k.r AND c.namespace = k.ns AND c.name = k.n")) {
            ps.setArray(1, connection.createArrayOf("text", missing.stream().map(ResourceKey::resource).toArray()));
            ps.setArray(2, connection.createArrayOf("text", missing.stream().map(ResourceKey::namespace).toArray()));
            ps.setArray(3, connection.createArrayOf("text", missing.stream().map(ResourceKey::name).toArray()));
            for (ResourceKey k : missing) base.put(k, Optional.empty());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    base.put(new ResourceKey(rs.getString(1), rs.getString(2), rs.getString(3)), Optional.of(Change.parse(rs.getString(4))));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Current objects of a resource (optionally one namespace) as of the earlier operations of this batch. */
    Map<ResourceKey, ObjectNode> scan(String resource, String namespace, SelectorSql where) {
        Map<ResourceKey, ObjectNode> out = new HashMap<>();
        String sql = "SELECT namespace, name, object FROM current WHERE resource = ?"
                + (namespace != null ? " AND namespace = ?" : "") + where.sql();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, resource);
            if (namespace != null) ps.setString(i++, namespace);
            where.bind(ps, i);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(new ResourceKey(resource, rs.getString(1), rs.getString(2)), Change.parse(rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        overlay.forEach((k, v) -> {
            if (!k.resource().equals(resource) || (namespace != null && !namespace.equals(k.namespace()))) return;
            if (v.isPresent()) out.put(k, v.get());
            else out.remove(k);
        });
        return out;
    }

    /** Writes the log rows, the final state of every touched key, the counter, and the notification. */
    void flush() throws SQLException {
        if (changes.isEmpty()) return;
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO log (revision, resource, namespace, name, deleted, object, previous) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Change c : changes) {
                ps.setLong(1, c.revision());
                ps.setString(2, c.key().resource());
                ps.setString(3, c.key().namespace());
                ps.setString(4, c.key().name());
                ps.setBoolean(5, c.deleted());
                ps.setString(6, Json.write(c.object()));
                ps.setString(7, c.previous() == null ? null : Json.write(c.previous()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement up = connection.prepareStatement(
                "INSERT INTO current (resource, namespace, name, revision, uid, labels, owner_uids, object) "
                        + "VALUES (?, ?, ?, ?, ?::uuid, ?::jsonb, ?::uuid[], ?) ON CONFLICT (resource, namespace, name) DO UPDATE SET "
                        + "revision = excluded.revision, uid = excluded.uid, labels = excluded.labels, "
                        + "owner_uids = excluded.owner_uids, object = excluded.object");
             PreparedStatement del = connection.prepareStatement("DELETE FROM current WHERE resource = ? AND namespace = ? AND name = ?")) {
            boolean ups = false;
            boolean dels = false;
            for (var e : overlay.entrySet()) {
                ResourceKey k = e.getKey();
                if (e.getValue().isPresent()) {
                    ObjectNode o = e.getValue().get();
                    up.setString(1, k.resource());
                    up.setString(2, k.namespace());
                    up.setString(3, k.name());
                    up.setLong(4, Long.parseLong(Objects.resourceVersion(o)));
                    up.setString(5, Objects.uid(o));
                    up.setString(6, Json.write(Objects.labels(o)));
                    up.setString(7, "{" + String.join(",", ObjectRules.ownerUids(o).stream().map(UUID::toString).toList()) + "}");
                    up.setString(8, Json.write(o));
                    up.addBatch();
                    ups = true;
                } else if (!base.getOrDefault(k, Optional.of(Json.object())).isEmpty()) {
                    del.setString(1, k.resource());
                    del.setString(2, k.namespace());
                    del.setString(3, k.name());
                    del.addBatch();
                    dels = true;
                }
            }
            if (ups) up.executeBatch();
            if (dels) del.executeBatch();
        }
        // the notification is delivered at COMMIT, so other processes' watchers wake only for committed rows
        try (PreparedStatement ps = connection.prepareStatement("WITH u AS (UPDATE revision_counter SET revision = ? WHERE id = 1 "
                + "RETURNING revision) SELECT pg_notify('" + EventLog.CHANNEL + "', revision::text) FROM u")) {
            ps.setLong(1, revision);
            ps.execute();
        }
        assert revision == startRevision + changes.size();
    }
}
