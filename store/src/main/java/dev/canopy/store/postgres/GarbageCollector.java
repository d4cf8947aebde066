package dev.canopy.store.postgres;

import dev.canopy.api.ApiException;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background garbage collection: when an object is removed, its dependents (ownerReferences to its uid)
 * that have no other live owner are deleted through {@link ResourceStore#delete}, so their finalizers and
 * their own dependents are honoured. Runs on one virtual thread; a sweep at start and on demand finds
 * orphans left by a crash or by removals in other processes. Idempotent: deleting an already deleted
 * dependent is ignored.
 */
final class GarbageCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final UUID SWEEP = new UUID(0, 0);
    private static final UUID STOP = new UUID(0, 1);

    private record Dependent(ResourceKey key, String uid) {}

    private final DataSource pool;
    private final ResourceStore store;
    private final LinkedBlockingQueue<UUID> removed = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    GarbageCollector(DataSource pool, ResourceStore store) {
        this.pool = pool;
        this.store = store;
        this.removed.add(SWEEP);
        this.thread = Thread.ofVirtual().name("canopy-store-gc").start(this::loop);
    }

    void ownerRemoved(String uid) {
        try {
            removed.add(UUID.fromString(uid));
        } catch (IllegalArgumentException ignored) {
            // not a store-issued uid: nothing can point at it
        }
    }

    /** Looks for orphans across the whole store (after a restart, or for removals made by other processes). */
    void sweep() { removed.add(SWEEP); }

    private void loop() {
        while (!closed) {
            try {
                UUID uid = removed.take();
                if (uid.equals(STOP)) return;
                List<Dependent> orphans = uid.equals(SWEEP) ? orphans() : dependentsWithoutLiveOwner(uid);
                for (Dependent d : orphans) {
                    if (closed) return;
                    try {
                        store.delete(d.key(), d.uid(), null);
                    } catch (ApiException e) {
                        if (e.code() != 404 && e.code() != 409) LOG.warn("garbage collection of {} failed: {}", d.key(), e.getMessage());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                LOG.warn("garbage collection failed; will retry with a sweep: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
                removed.add(SWEEP);
            }
        }
    }

    private List<Dependent> dependentsWithoutLiveOwner(UUID owner) throws SQLException {
        return query("SELECT c.resource, c.namespace, c.name, c.uid FROM current c WHERE cardinality(c.owner_uids) > 0 AND c.owner_uids @> ARRAY[?::uuid] "
                + "AND NOT EXISTS (SELECT 1 FROM current o WHERE o.uid = ANY(c.owner_uids))", owner.toString());
    }

    private List<Dependent> orphans() throws SQLException {
        return query("SELECT c.resource, c.namespace, c.name, c.uid FROM current c WHERE cardinality(c.owner_uids) > 0 "
                + "AND NOT EXISTS (SELECT 1 FROM current o WHERE o.uid = ANY(c.owner_uids)) AND ?::text IS NULL", null);
    }

    private List<Dependent> query(String sql, String param) throws SQLException {
        List<Dependent> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Dependent(new ResourceKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        // a pill rather than an interrupt: interrupting JDBC I/O on a virtual thread breaks the pooled connection
        closed = true;
        removed.add(STOP);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
