package dev.canopy.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics of {@code current} and {@code log} in step with the writes of
 * this process: after enough writes it runs {@code ANALYZE} in the background.
 *
 * <p>Why not leave it to autovacuum: autovacuum looks only once per {@code autovacuum_naptime} (a
 * minute by default), and until it does the planner believes a table that grew from nothing in the
 * last seconds is still tiny. It then plans a sequential scan of 100,000 objects for a label list (60 ms
 * instead of 0.3 ms), and a generic plan cached by a prepared statement keeps that choice until the
 * statistics change. Measured with {@code canopy bench api}: the first minute after a bulk load ran every
 * label list and every write batch's prefetch over such plans. {@code ANALYZE} also invalidates cached
 * plans, so the next execution plans again with the new sizes.
 *
 * <p>The trigger follows autovacuum's rule, with a larger base: {@link #BASE} writes plus
 * {@link #SCALE} of the rows analyzed last time, at most one run every {@link #MIN_INTERVAL_MS}.
 * Thread-safe: {@link #written} is called by the writer thread; the analysis runs on its own virtual
 * thread and a pooled connection, never inside the writer's transaction.
 */
final class Statistics {
    private static final Logger LOG = LoggerFactory.getLogger(Statistics.class);
    static final long BASE = 1_000;
    static final double SCALE = 0.1;
    static final long MIN_INTERVAL_MS = 5_000;

    private final DataSource pool;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong runs = new AtomicLong();
    private volatile long analyzedRows;
    private volatile long lastStart;
    private volatile boolean closed;

    Statistics(DataSource pool) {
        this.pool = pool;
        this.analyzedRows = Math.max(0, estimatedRows());
    }

    /** Counts {@code rows} written rows (each change writes a log row and a current row); may start an analysis. */
    void written(int rows) {
        if (pending.addAndGet(rows) < threshold() || closed || !running.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("canopy-store-analyze").start(this::analyze);
    }

    /** Analyses run since open (for tests). */
    long runs() { return runs.get(); }

    void close() { closed = true; }

    private void analyze() {
        try {
            long wait = lastStart + MIN_INTERVAL_MS - System.currentTimeMillis();
            if (wait > 0) Thread.sleep(wait);   // a bulk load: one analysis per interval, the last one after it
            if (closed) return;
            lastStart = System.currentTimeMillis();
            long counted = pending.getAndSet(0);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("ANALYZE current, log");
            } catch (SQLException e) {
                pending.addAndGet(counted);   // try again after the next writes
                if (!closed) LOG.warn("ANALYZE failed: {}", e.getMessage());
                return;
            }
            runs.incrementAndGet();
            analyzedRows = Math.max(0, estimatedRows());
            LOG.debug("analyzed current and log after {} written rows; current holds about {} rows", counted, analyzedRows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.set(false);
        }
        // writes that arrived while analyzing may already be past the threshold
        if (!closed && pending.get() >= threshold()) written(0);
    }

    /** Written rows that call for an analysis: autovacuum's rule with a larger base. */
    private long threshold() { return BASE + (long) (SCALE * analyzedRows); }

    /** The planner's row estimate of {@code current} (-1 before its first analysis). */
    private long estimatedRows() {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = 'current'::regclass");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }
}
