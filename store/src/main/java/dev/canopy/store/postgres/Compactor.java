package dev.canopy.store.postgres;

import dev.canopy.api.ApiException;
import dev.canopy.store.StoreOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops log rows at or below a revision (current objects live in their own table and are kept). The
 * compacted mark is raised first, under the counter row lock, then rows are deleted in chunks outside
 * it so writers are held up only for a moment. Automatic mode: every {@code compactionInterval}, drop
 * rows that are both older than {@code keepAge} and beyond the newest {@code keepRevisions}; it also
 * triggers an orphan sweep. Idempotent and safe to run in several processes at once.
 */
final class Compactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    private static final int CHUNK = 10_000;

    private final PostgresStore store;
    private final DataSource pool;
    private final StoreOptions options;
    private final Thread thread;
    private volatile boolean closed;

    Compactor(PostgresStore store, DataSource pool, StoreOptions options) {
        this.store = store;
        this.pool = pool;
        this.options = options;
        this.thread = options.compactionInterval().isZero() ? null : Thread.ofVirtual().name("canopy-store-compactor").start(this::loop);
    }

    void compact(long revision) {
        try (Connection c = pool.getConnection()) {
            long mark;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE revision_counter SET compacted = GREATEST(compacted, LEAST(?, revision)) WHERE id = 1 RETURNING compacted")) {
                ps.setLong(1, revision);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    mark = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM log WHERE revision IN (SELECT revision FROM log WHERE revision <= ? ORDER BY revision LIMIT " + CHUNK + ")")) {
                ps.setLong(1, mark);
                while (ps.executeUpdate() == CHUNK && !closed) {
                    // next chunk
                }
            }
        } catch (SQLException e) {
            throw ApiException.internal("compaction failed: " + e.getMessage());
        }
    }

    /** The revision automatic compaction may drop up to, or 0. */
    long automaticTarget() throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT LEAST((SELECT revision FROM revision_counter WHERE id = 1) - ?, "
                             + "COALESCE((SELECT max(revision) FROM log WHERE created_at < now() - make_interval(secs => ?)), 0))")) {
            ps.setLong(1, options.keepRevisions());
            ps.setDouble(2, options.keepAge().toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Math.max(0, rs.getLong(1));
            }
        }
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(options.compactionInterval());
                long target = automaticTarget();
                if (target > store.compactedRevision()) {
                    compact(target);
                    LOG.info("compacted the revision log up to {}", target);
                }
                store.sweepOrphans();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("automatic compaction failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
    }
}
