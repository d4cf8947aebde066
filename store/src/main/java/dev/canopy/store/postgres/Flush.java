package dev.canopy.store.postgres;

import dev.canopy.store.ResourceKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The statement that ends a writer batch: the log rows, the final state of every touched key, the counter
 * and the notification in ONE statement, and COMMIT in the same round trip (pgjdbc sends all statements of
 * the string with one Sync; if one fails, PostgreSQL skips the rest and the caller rolls back). The
 * notification is delivered at COMMIT, so other processes' watchers wake only for committed rows.
 * Stateless; called on the writer thread.
 */
final class Flush {
    private Flush() {}

    /** An optimistic batch's assumptions, checked by {@code canopy_lock_at} before anything is written. */
    record Check(long revision, List<ResourceKey> free) {}

    /**
     * Above this many parameters a batch's rows go as arrays (through unnest): PostgreSQL takes at most
     * 65,535 in one statement, and a row takes 7 or 8. Below it each value is its own parameter: a JSON
     * text put into a text[] literal is escaped character by character by the driver and parsed back by
     * the server, which cost the writer more than the rest of its statement.
     */
    static final int MAX_ROW_PARAMETERS = 4000;

    private static final String[] LOG_TYPES = {"bigint", "text", "text", "text", "boolean", "text", "text"};
    private static final String[] CURRENT_TYPES = {"text", "text", "text", "bigint", "text", "text", "text", "text"};

    /** Runs only the check, then COMMIT: an optimistic batch that writes nothing. */
    static void confirm(Connection connection, Check check) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(checkSql(check) + "COMMIT")) {
            bindCheck(connection, ps, check);
            drain(ps);
        }
    }

    /**
     * Writes and commits.
     *
     * @param log      log rows: revision, resource, namespace, name, deleted, object, previous
     * @param current  rows to upsert into {@code current}: resource, namespace, name, revision, uid, labels, owner uids, object
     * @param gone     keys to delete from {@code current}
     * @param revision the counter after the batch
     */
    static void write(Connection connection, Check check, Object[][] log, List<Object[]> current, List<ResourceKey> gone, long revision)
            throws SQLException {
        boolean rows = log.length * 7 + current.size() * 8 <= MAX_ROW_PARAMETERS;
        String sql = checkSql(check) + "WITH l AS (INSERT INTO log (revision, resource, namespace, name, deleted, object, previous) "
                + (rows ? values(log.length, "(?, ?, ?, ?, ?, ?, ?)")
                        : "SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[])")
                + ")"
                + (current.isEmpty() ? "" : ", up AS (INSERT INTO current (resource, namespace, name, revision, uid, labels, owner_uids, object) "
                        + (rows ? values(current.size(), "(?, ?, ?, ?, ?::uuid, ?::jsonb, ?::uuid[], ?)")
                                : "SELECT r, ns, n, rev, uid::uuid, labels::jsonb, owners::uuid[], obj "
                                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                                + "AS t(r, ns, n, rev, uid, labels, owners, obj)")
                        + " ON CONFLICT (resource, namespace, name) DO UPDATE SET revision = excluded.revision, uid = excluded.uid, "
                        + "labels = excluded.labels, owner_uids = excluded.owner_uids, object = excluded.object)")
                + (gone.isEmpty() ? "" : ", del AS (DELETE FROM current c USING unnest(?::text[], ?::text[], ?::text[]) AS k(r, ns, n) "
                        + "WHERE c.resource = k.r AND c.namespace = k.ns AND c.name = k.n)")
                + ", u AS (UPDATE revision_counter SET revision = ? WHERE id = 1 RETURNING revision) "
                + "SELECT pg_notify('" + EventLog.CHANNEL + "', revision::text) FROM u; COMMIT";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = bindCheck(connection, ps, check);
            if (rows) {
                for (Object[] r : log) i = bindRow(ps, i, r);
                for (Object[] r : current) i = bindRow(ps, i, r);
            } else {
                i = bindColumns(connection, ps, i, log, LOG_TYPES);
                if (!current.isEmpty()) i = bindColumns(connection, ps, i, current.toArray(Object[][]::new), CURRENT_TYPES);
            }
            if (!gone.isEmpty()) i = bindKeys(connection, ps, i, gone);
            ps.setLong(i, revision);
            drain(ps);
        }
    }

    private static String checkSql(Check check) {
        return check == null ? "" : "SELECT canopy_lock_at(?, ?::text[], ?::text[], ?::text[]); ";
    }

    /** Binds {@code canopy_lock_at}'s parameters; returns the next index. */
    private static int bindCheck(Connection connection, PreparedStatement ps, Check check) throws SQLException {
        if (check == null) return 1;
        ps.setLong(1, check.revision());
        return bindKeys(connection, ps, 2, check.free());
    }

    /** Binds three text arrays (resources, namespaces, names); returns the next index. */
    static int bindKeys(Connection connection, PreparedStatement ps, int from, List<ResourceKey> keys) throws SQLException {
        ps.setArray(from, connection.createArrayOf("text", keys.stream().map(ResourceKey::resource).toArray()));
        ps.setArray(from + 1, connection.createArrayOf("text", keys.stream().map(ResourceKey::namespace).toArray()));
        ps.setArray(from + 2, connection.createArrayOf("text", keys.stream().map(ResourceKey::name).toArray()));
        return from + 3;
    }

    /** {@code VALUES row, row, …} with {@code n} copies of {@code row}. */
    private static String values(int n, String row) {
        StringBuilder b = new StringBuilder(8 + n * (row.length() + 2)).append("VALUES ").append(row);
        for (int i = 1; i < n; i++) b.append(", ").append(row);
        return b.toString();
    }

    private static int bindRow(PreparedStatement ps, int i, Object[] row) throws SQLException {
        for (Object v : row) {
            switch (v) {
                case null -> ps.setNull(i, java.sql.Types.VARCHAR);
                case Long l -> ps.setLong(i, l);
                case Boolean b -> ps.setBoolean(i, b);
                default -> ps.setString(i, (String) v);
            }
            i++;
        }
        return i;
    }

    private static int bindColumns(Connection connection, PreparedStatement ps, int i, Object[][] rows, String[] types) throws SQLException {
        for (int col = 0; col < types.length; col++) {
            Object[] values = new Object[rows.length];
            for (int r = 0; r < rows.length; r++) values[r] = rows[r][col];
            ps.setArray(i++, connection.createArrayOf(types[col], values));
        }
        return i;
    }

    private static void drain(PreparedStatement ps) throws SQLException {
        ps.execute();
        while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
            // the results of every statement, up to the COMMIT's
        }
    }
}
