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
import java.util.IdentityHashMap;
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
    private final List<LogEntry> logged = new ArrayList<>();
    private final Map<ObjectNode, String> texts = new IdentityHashMap<>();

    WriteTx(Connection connection, long revision) {
        this.connection = connection;
        this.startRevision = revision;
        this.revision = revision;
    }

    /**
     * Takes the counter row lock and loads the current rows of {@code keys} in one round trip. The rows are
     * read from the statement's snapshot, which may predate the lock if another process committed while we
     * waited; every commit bumps the counter, so comparing the snapshot's counter with the locked one tells,
     * and then the rows are read again.
     */
    static WriteTx begin(Connection connection, List<ResourceKey> keys) throws SQLException {
        List<ResourceKey> distinct = keys.stream().distinct().toList();
        WriteTx tx;
        try (PreparedStatement ps = connection.prepareStatement(
                "WITH lk AS MATERIALIZED (SELECT revision FROM revision_counter WHERE id = 1 FOR UPDATE) "
                        + "SELECT lk.revision, (SELECT revision FROM revision_counter WHERE id = 1), c.resource, c.namespace, c.name, c.object "
                        + "FROM lk LEFT JOIN (current c JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(r, ns, n) "
                        + "ON c.resource = k.r AND c.namespace = k.ns AND c.name = k.n) ON true")) {
            bindKeys(connection, ps, distinct);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long locked = rs.getLong(1);
                boolean fresh = locked == rs.getLong(2);
                tx = new WriteTx(connection, locked);
                if (!fresh) {
                    tx.prefetch(distinct);
                    return tx;
                }
                for (ResourceKey k : distinct) tx.base.put(k, Optional.empty());
                do {
                    if (rs.getString(3) != null)
                        tx.base.put(new ResourceKey(rs.getString(3), rs.getString(4), rs.getString(5)), Optional.of(tx.parse(rs.getString(6))));
                } while (rs.next());
            }
        }
        return tx;
    }

    private static void bindKeys(Connection connection, PreparedStatement ps, List<ResourceKey> keys) throws SQLException {
        ps.setArray(1, connection.createArrayOf("text", keys.stream().map(ResourceKey::resource).toArray()));
        ps.setArray(2, connection.createArrayOf("text", keys.stream().map(ResourceKey::namespace).toArray()));
        ps.setArray(3, connection.createArrayOf("text", keys.stream().map(ResourceKey::name).toArray()));
    }

    WriteScope scope() { return new WriteScope(this); }

    List<Change> changes() { return changes; }

    /** The committed changes as the watches get them (filled by {@link #flushAndCommit}). */
    List<LogEntry> logged() { return logged; }

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
            bindKeys(connection, ps, missing);
            for (ResourceKey k : missing) base.put(k, Optional.empty());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    base.put(new ResourceKey(rs.getString(1), rs.getString(2), rs.getString(3)), Optional.of(parse(rs.getString(4))));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Keys of a resource whose namespace starts with {@code prefix}, as of the earlier operations of this batch; objects are not read. */
    java.util.Set<ResourceKey> scanKeys(String resource, String prefix) {
        java.util.Set<ResourceKey> out = new java.util.HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT namespace, name FROM current WHERE resource = ? AND namespace LIKE ?")) {
            ps.setString(1, resource);
            ps.setString(2, likePrefix(prefix));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new ResourceKey(resource, rs.getString(1), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        overlay.forEach((k, v) -> {
            if (!k.resource().equals(resource) || !k.namespace().startsWith(prefix)) return;
            if (v.isPresent()) out.add(k);
            else out.remove(k);
        });
        return out;
    }

    /** A LIKE pattern matching strings that start with {@code prefix} (backslash is PostgreSQL's default escape). */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
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
                while (rs.next()) out.put(new ResourceKey(resource, rs.getString(1), rs.getString(2)), parse(rs.getString(3)));
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

    /** The JSON text of {@code o}: the text read from the database when unchanged, else serialized once. */
    private String text(ObjectNode o) {
        return o == null ? null : texts.computeIfAbsent(o, Json::write);
    }

    private ObjectNode parse(String json) {
        ObjectNode o = Change.parse(json);
        texts.put(o, json);
        return o;
    }

    /**
     * Writes the log rows, the final state of every touched key, the counter and the notification in ONE
     * statement (arrays through unnest) and COMMITs in the same round trip (pgjdbc sends both statements
     * with one Sync; if the write fails, PostgreSQL skips the COMMIT and the caller rolls back), so a batch
     * costs two round trips: lock with prefetch, then flush with commit. The notification is delivered at
     * COMMIT, so other processes' watchers wake only for committed rows.
     *
     * @return whether it committed (false when there was nothing to write: the caller ends the transaction)
     */
    boolean flushAndCommit() throws SQLException {
        if (changes.isEmpty()) return false;
        int n = changes.size();
        Object[] rev = new Object[n], res = new Object[n], ns = new Object[n], name = new Object[n], del = new Object[n];
        Object[] obj = new Object[n], prev = new Object[n];
        for (int i = 0; i < n; i++) {
            Change c = changes.get(i);
            rev[i] = c.revision();
            res[i] = c.key().resource();
            ns[i] = c.key().namespace();
            name[i] = c.key().name();
            del[i] = c.deleted();
            obj[i] = text(c.object());
            prev[i] = text(c.previous());
            logged.add(new LogEntry(c.revision(), c.key(), c.deleted(), (String) obj[i], (String) prev[i]));
        }
        List<Object[]> up = new ArrayList<>();
        List<ResourceKey> gone = new ArrayList<>();
        overlay.forEach((k, v) -> {
            if (v.isEmpty()) {
                gone.add(k);
                return;
            }
            ObjectNode o = v.get();
            up.add(new Object[] {k.resource(), k.namespace(), k.name(), Long.parseLong(Objects.resourceVersion(o)), Objects.uid(o),
                    Json.write(Objects.labels(o)),
                    "{" + String.join(",", ObjectRules.ownerUids(o).stream().map(UUID::toString).toList()) + "}", text(o)});
        });
        String sql = "WITH l AS (INSERT INTO log (revision, resource, namespace, name, deleted, object, previous) "
                + "SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[])), "
                + "up AS (INSERT INTO current (resource, namespace, name, revision, uid, labels, owner_uids, object) "
                + "SELECT r, ns, n, rev, uid::uuid, labels::jsonb, owners::uuid[], obj "
                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                + "AS t(r, ns, n, rev, uid, labels, owners, obj) "
                + "ON CONFLICT (resource, namespace, name) DO UPDATE SET revision = excluded.revision, uid = excluded.uid, "
                + "labels = excluded.labels, owner_uids = excluded.owner_uids, object = excluded.object), "
                + "del AS (DELETE FROM current c USING unnest(?::text[], ?::text[], ?::text[]) AS k(r, ns, n) "
                + "WHERE c.resource = k.r AND c.namespace = k.ns AND c.name = k.n), "
                + "u AS (UPDATE revision_counter SET revision = ? WHERE id = 1 RETURNING revision) "
                + "SELECT pg_notify('" + EventLog.CHANNEL + "', revision::text) FROM u; COMMIT";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, connection.createArrayOf("bigint", rev));
            ps.setArray(i++, connection.createArrayOf("text", res));
            ps.setArray(i++, connection.createArrayOf("text", ns));
            ps.setArray(i++, connection.createArrayOf("text", name));
            ps.setArray(i++, connection.createArrayOf("boolean", del));
            ps.setArray(i++, connection.createArrayOf("text", obj));
            ps.setArray(i++, connection.createArrayOf("text", prev));
            for (int col = 0; col < 8; col++) {
                Object[] values = new Object[up.size()];
                for (int r = 0; r < up.size(); r++) values[r] = up.get(r)[col];
                ps.setArray(i++, connection.createArrayOf(col == 3 ? "bigint" : "text", values));
            }
            ps.setArray(i++, connection.createArrayOf("text", gone.stream().map(ResourceKey::resource).toArray()));
            ps.setArray(i++, connection.createArrayOf("text", gone.stream().map(ResourceKey::namespace).toArray()));
            ps.setArray(i++, connection.createArrayOf("text", gone.stream().map(ResourceKey::name).toArray()));
            ps.setLong(i, revision);
            ps.execute();
            while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
                // drain the COMMIT's result
            }
        }
        assert revision == startRevision + changes.size();
        return true;
    }
}
