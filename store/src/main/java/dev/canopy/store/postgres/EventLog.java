package dev.canopy.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory ring of recent committed changes shared by all watches of this process, kept contiguous
 * in revision order, as JSON text ({@link LogEntry}). This process's writer appends its own commits directly; a tailer thread LISTENs for
 * other processes' commits and reads them from the log. Watches block on {@link #awaitAfter} (no
 * polling) and fall back to {@link #readLog} for revisions older than the ring.
 *
 * <p>Threading: append and read are guarded by one lock; appends never wait for consumers, so a slow
 * watch cannot hold up the writer.
 */
final class EventLog implements AutoCloseable {
    static final String CHANNEL = "canopy_revision";
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final DataSource pool;
    private final String jdbcUrl;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final LogEntry[] ring;
    private long first;      // revision of the oldest change in the ring (last + 1 when empty)
    private long last;       // newest revision known committed and contiguous
    private volatile boolean closed;
    private volatile boolean poked;
    private final Thread tailer;

    EventLog(DataSource pool, String jdbcUrl, int size, long startRevision) {
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
        this.ring = new LogEntry[size];
        this.last = startRevision;
        this.first = startRevision + 1;
        this.tailer = Thread.ofPlatform().daemon().name("canopy-store-tailer").start(this::tail);
    }

    long last() {
        lock.lock();
        try { return last; } finally { lock.unlock(); }
    }

    /** Called by this process's writer after COMMIT; falls back to the tailer when other processes committed in between. */
    void committed(List<LogEntry> changes) {
        if (changes.isEmpty()) return;
        lock.lock();
        try {
            if (changes.get(0).revision() <= last + 1) {
                append(changes);
                return;
            }
        } finally {
            lock.unlock();
        }
        poked = true;
    }

    private void append(List<LogEntry> changes) {
        boolean any = false;
        for (LogEntry c : changes) {
            if (c.revision() != last + 1) continue;
            ring[(int) (c.revision() % ring.length)] = c;
            last = c.revision();
            if (last - first + 1 > ring.length) first = last - ring.length + 1;
            any = true;
        }
        if (any) appended.signalAll();
    }

    /**
     * LogEntrys after {@code revision} that are still in the ring (up to {@code max}), waiting up to
     * {@code timeout} for one to arrive. Null means the ring no longer holds revision + 1 (read the log);
     * an empty list means nothing arrived in time.
     */
    List<LogEntry> awaitAfter(long revision, int max, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (last <= revision) {
                if (closed) throw dev.canopy.api.ApiException.internal("the store is closed");
                if (nanos <= 0) return List.of();
                nanos = appended.awaitNanos(nanos);
            }
            if (revision + 1 < first) return null;
            List<LogEntry> out = new ArrayList<>();
            for (long r = revision + 1; r <= last && out.size() < max; r++) out.add(ring[(int) (r % ring.length)]);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Log rows after {@code revision}, oldest first, from the database. */
    List<LogEntry> readLog(long revision, int max) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + LogEntry.COLUMNS + " FROM log WHERE revision > ? ORDER BY revision LIMIT ?")) {
            ps.setLong(1, revision);
            ps.setInt(2, max);
            List<LogEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(LogEntry.read(rs));
            }
            return out;
        }
    }

    private void catchUp() throws SQLException {
        while (!closed) {
            List<LogEntry> rows = readLog(last(), 1000);
            if (rows.isEmpty()) return;
            lock.lock();
            try {
                if (rows.get(0).revision() > last + 1) {
                    // compacted before we read it: restart the ring there; older watches will get 410 from the log
                    last = rows.get(0).revision() - 1;
                    first = last + 1;
                }
                append(rows);
            } finally {
                lock.unlock();
            }
            if (rows.size() < 1000) return;
        }
    }

    /** LISTENs on a dedicated connection; reconnects after failures. */
    private void tail() {
        while (!closed) {
            try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                catchUp();
                long lastCheck = System.nanoTime();
                while (!closed) {
                    PGNotification[] ns = pg.getNotifications(250);
                    long newest = 0;
                    if (ns != null) for (PGNotification n : ns) newest = Math.max(newest, parse(n.getParameter()));
                    // a periodic check covers a notification lost while reconnecting
                    boolean periodic = System.nanoTime() - lastCheck > TimeUnit.SECONDS.toNanos(5);
                    if (newest > last() || poked || periodic) {
                        poked = false;
                        lastCheck = System.nanoTime();
                        catchUp();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                LOG.warn("store listener failed, reconnecting: {}", e.toString());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
        tailer.interrupt();
        try {
            tailer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
