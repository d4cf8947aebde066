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
 *
 * <p>Two ways to start one. {@link #begin} takes the counter lock and reads the batch's rows (a round
 * trip), then the writes go with the COMMIT (a second one). {@link #optimistic} reads nothing: the batch is
 * decided against the rows the writer already knows ({@link KnownRows}) and the keys its creates expect to
 * be free, and the flush checks those assumptions under the lock in the same round trip as the writes
 * ({@code canopy_lock_at}, migration V4). A decision that needs a row not known (or a scan) marks the
 * transaction {@link #unsettled()}: the writer drops it and decides the batch again the first way.
 */
final class WriteTx {
    /** A database error inside an operation: fails the whole batch, unlike an ApiException. */
    static final class DatabaseFailure extends RuntimeException {
        DatabaseFailure(SQLException cause) { super(cause); }
        @Override public synchronized SQLException getCause() { return (SQLException) super.getCause(); }
    }

    /** SQLSTATE of {@code canopy_lock_at} when an optimistic batch's assumptions did not hold. */
    static final String STALE = "CN001";

    final Connection connection;
    private final KnownRows known;
    /** Non-null for an optimistic transaction: the keys its creates expect to be free (checked at flush). */
    private final List<ResourceKey> expectFree;
    private boolean unsettled;
    private final long startRevision;
    long revision;
    private final Map<ResourceKey, Optional<ObjectNode>> base = new HashMap<>();
    final Map<ResourceKey, Optional<ObjectNode>> overlay = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();
    private final List<LogEntry> logged = new ArrayList<>();
    private final Map<ObjectNode, String> texts = new IdentityHashMap<>();

    private WriteTx(Connection connection, long revision, KnownRows known, List<ResourceKey> expectFree) {
        this.connection = connection;
        this.known = known;
        this.expectFree = expectFree;
        this.startRevision = revision;
        this.revision = revision;
    }

    /**
     * A transaction decided without reading: every key of {@code keys} is known, or is in {@code free} (keys
     * creates expect to be free, checked at flush). Null when the writer knows nothing or a key is neither.
     */
    static WriteTx optimistic(Connection connection, KnownRows known, List<ResourceKey> keys, List<ResourceKey> free) {
        if (known.revision() < 0) return null;
        WriteTx tx = new WriteTx(connection, known.revision(), known, new ArrayList<>());
        for (ResourceKey k : free) {
            if (tx.base.containsKey(k)) continue;
            KnownRows.Row row = known.get(k);
            if (row == null) tx.expectFree.add(k);
            tx.base.put(k, tx.adopt(row));
        }
        for (ResourceKey k : keys) {
            if (tx.base.containsKey(k)) continue;
            KnownRows.Row row = known.get(k);
            if (row == null) return null;
            tx.base.put(k, tx.adopt(row));
        }
        return tx;
    }

    private Optional<ObjectNode> adopt(KnownRows.Row row) {
        return row == null || row.text() == null ? Optional.empty() : Optional.of(parse(row.text()));
    }

    boolean isOptimistic() { return expectFree != null; }

    /** An optimistic transaction whose decisions needed a row it did not know: they must not be written. */
    boolean unsettled() { return unsettled; }

    /** The objects this transaction leaves at each key it wrote, and their texts (for {@link KnownRows#committed}). */
    void committedTo(KnownRows rows) { rows.committed(overlay, texts, revision); }

    /**
     * Takes the counter row lock and loads the current rows of {@code keys} in one round trip. The rows are
     * read from the statement's snapshot, which may predate the lock if another process committed while we
     * waited; every commit bumps the counter, so comparing the snapshot's counter with the locked one tells,
     * and then the rows are read again. {@code known} is told the locked counter and the rows read.
     */
    static WriteTx begin(Connection connection, List<ResourceKey> keys, KnownRows known) throws SQLException {
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
                known.sawCounter(locked);
                tx = new WriteTx(connection, locked, known, null);
                if (!fresh) {
                    tx.prefetch(distinct);
                    return tx;
                }
                for (ResourceKey k : distinct) tx.base.put(k, Optional.empty());
                do {
                    if (rs.getString(3) != null)
                        tx.base.put(new ResourceKey(rs.getString(3), rs.getString(4), rs.getString(5)), Optional.of(tx.parse(rs.getString(6))));
                } while (rs.next());
                tx.tellKnown(distinct);
            }
        }
        return tx;
    }

    private static void bindKeys(Connection connection, PreparedStatement ps, List<ResourceKey> keys) throws SQLException {
        Flush.bindKeys(connection, ps, 1, keys);
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

    /** Rows read under the lock are exact at this transaction's start: the writer keeps them. */
    private void tellKnown(List<ResourceKey> keys) {
        for (ResourceKey k : keys) {
            known.read(k, base.get(k).map(texts::get).orElse(null));
        }
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
        return o == null ? null : o.orElse(null);
    }

    /** Loads the current rows of {@code keys} in one round trip (optimistic: takes known rows, or is unsettled). */
    void prefetch(List<ResourceKey> keys) {
        List<ResourceKey> missing = keys.stream().filter(k -> !base.containsKey(k) && !overlay.containsKey(k)).distinct().toList();
        if (missing.isEmpty()) return;
        if (isOptimistic()) {
            for (ResourceKey k : missing) {
                KnownRows.Row row = known.get(k);
                if (row == null) unsettled = true;
                else base.put(k, adopt(row));
            }
            return;
        }
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
            tellKnown(missing);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Keys of a resource whose namespace starts with {@code prefix}, as of the earlier operations of this batch; objects are not read. */
    java.util.Set<ResourceKey> scanKeys(String resource, String prefix) {
        java.util.Set<ResourceKey> out = new java.util.HashSet<>();
        if (isOptimistic()) {   // what is known is a few keys, not whole ranges
            unsettled = true;
            return out;
        }
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
        if (isOptimistic()) {
            unsettled = true;
            return out;
        }
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
     * Writes the log rows, the final state of every touched key, the counter and the notification, and
     * COMMITs, in one round trip ({@link Flush}). An optimistic transaction sends {@code canopy_lock_at}
     * first, in the same round trip: if the store moved on, or a key expected free exists, it raises
     * {@link #STALE} and nothing is written. It does so even with nothing to write, so that failures it
     * answers (a conflict, a missing object) are decided against the current state.
     *
     * @return whether it committed (false when there was nothing to write: the caller ends the transaction)
     */
    boolean flushAndCommit() throws SQLException {
        Flush.Check check = isOptimistic() ? new Flush.Check(startRevision, expectFree) : null;
        if (changes.isEmpty()) {
            if (check == null) return false;
            Flush.confirm(connection, check);
            return true;
        }
        int n = changes.size();
        Object[][] log = new Object[n][];
        for (int i = 0; i < n; i++) {
            Change c = changes.get(i);
            String obj = text(c.object()), prev = text(c.previous());
            log[i] = new Object[] {c.revision(), c.key().resource(), c.key().namespace(), c.key().name(), c.deleted(), obj, prev};
            logged.add(new LogEntry(c.revision(), c.key(), c.deleted(), obj, prev));
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
        Flush.write(connection, check, log, up, gone, revision);
        assert revision == startRevision + changes.size();
        return true;
    }
}
