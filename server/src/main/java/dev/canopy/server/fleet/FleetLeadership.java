package dev.canopy.server.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which seed replica runs the fleet: the one holding a PostgreSQL session-level advisory lock on a connection of
 * its own (outside the store's pool). Every {@code period} a follower tries {@code pg_try_advisory_lock}; the
 * leader runs {@code SELECT 1} on its connection. The lock belongs to the session, so PostgreSQL releases it the
 * moment that session ends (replica killed, connection dropped or terminated); the session sets
 * {@code idle_session_timeout} to {@link #SESSION_TIMEOUT}, so a leader cut off from the database (no pings
 * arriving) loses its session even before TCP notices. The leader steps down at once when its connection is
 * broken, and when no ping has succeeded for {@link #STEP_DOWN_AFTER} (a slow ping on a loaded machine is not
 * a lost lock), which is before PostgreSQL's timeout can hand the lock to another replica.
 *
 * <p>{@code onAcquire} and {@code onLost} run on the leadership thread, one at a time and alternating;
 * {@code onAcquire} may take long (it starts the hub). Thread-safe.
 */
public final class FleetLeadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetLeadership.class);
    /** The advisory lock's key: "canopy fleet" in ASCII, so it does not collide with another application's. */
    public static final long LOCK_KEY = 0x63616e6f7079_666cL;
    /** The lock session's application_name, so an operator can find the leader in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "canopy-fleet-leader";
    /** Without a successful ping for this long the leader steps down. */
    public static final Duration STEP_DOWN_AFTER = Duration.ofSeconds(10);
    /** PostgreSQL ends the lock's session after this long without a ping (twice {@link #STEP_DOWN_AFTER}). */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(20);

    /** Opens a new connection to the seed's database (not from the pool: the lock lives as long as the session). */
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final Duration period;
    private final Runnable onAcquire;
    private final Runnable onLost;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Object lock = new Object();
    private volatile boolean closed;
    private Connection connection;
    private Thread thread;
    private long lastPing;

    public FleetLeadership(Connector connector, Duration period, Runnable onAcquire, Runnable onLost) {
        this.connector = Objects.requireNonNull(connector);
        this.period = period;
        this.onAcquire = onAcquire;
        this.onLost = onLost;
    }

    /** Tries once right away (so a single replica leads as soon as this returns), then keeps trying in the background. */
    public FleetLeadership start() {
        synchronized (lock) {
            step();
        }
        thread = Thread.ofVirtual().name("fleet-leadership").start(this::run);
        return this;
    }

    /** Whether this replica leads the fleet now. */
    public boolean leading() { return leading.get(); }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                if (!closed) step();
            }
        }
    }

    private void step() {
        if (leading.get()) {
            String failure = ping();
            if (failure == null) {
                lastPing = System.nanoTime();
                return;
            }
            boolean broken = isClosed();
            if (!broken && System.nanoTime() - lastPing < STEP_DOWN_AFTER.toNanos()) {
                LOG.info("fleet leadership: the lock's session did not answer ({}); still leading", failure);
                return;
            }
            LOG.warn("fleet leadership lost ({}); stopping the fleet hub on this replica", failure);
            leading.set(false);
            dropConnection();
            safely(onLost);
            return;
        }
        try {
            if (connection == null || connection.isClosed()) connection = open();
            try (Statement st = connection.createStatement(); var rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                if (!rs.next() || !rs.getBoolean(1)) return;
            }
            lastPing = System.nanoTime();
            leading.set(true);
            LOG.info("this replica leads the fleet (PostgreSQL advisory lock {})", LOCK_KEY);
            safely(onAcquire);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("fleet leadership not acquired: {}", e.toString());
            dropConnection();
        }
    }

    private Connection open() throws SQLException {
        Connection c = connector.open();
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("SET application_name = '" + APPLICATION_NAME + "'");
            // a leader that cannot ping any more loses the lock by itself after this long (PostgreSQL 14+)
            st.execute("SET idle_session_timeout = '" + SESSION_TIMEOUT.toMillis() + "ms'");
            c.setNetworkTimeout(Runnable::run, (int) STEP_DOWN_AFTER.toMillis());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** @return null when the session answered, else why not */
    private String ping() {
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT 1");
            return null;
        } catch (SQLException | RuntimeException e) {
            return e.toString();
        }
    }

    private boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private void dropConnection() {
        if (connection == null) return;
        try {
            connection.close();   // ends the session: releases the lock if this side still held it
        } catch (SQLException ignored) {
            // already gone
        }
        connection = null;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("fleet leadership change: {}", e.toString(), e);
        }
    }

    /** Stops trying; a leader runs {@code onLost} and releases the lock. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
        synchronized (lock) {
            if (leading.getAndSet(false)) safely(onLost);
            dropConnection();
        }
    }
}
