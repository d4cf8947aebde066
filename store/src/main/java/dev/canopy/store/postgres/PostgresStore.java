package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.canopy.api.ApiException;
import dev.canopy.store.Command;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ListResult;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.Settings;
import dev.canopy.store.StoreOptions;
import dev.canopy.store.Watch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ResourceStore} on PostgreSQL: a revision log plus a table of current objects, one writer thread
 * per process with group commit, watches fed by an in-memory ring and LISTEN/NOTIFY, background garbage
 * collection and automatic compaction. See {@code store/README.md}. Thread-safe.
 */
public final class PostgresStore implements ResourceStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    private static final int GENERATE_NAME_TRIES = 8;

    private final HikariDataSource pool;
    private final StoreOptions options;
    private final EventLog events;
    private final Writer writer;
    private final Lister lister;
    private final GarbageCollector gc;
    private final Compactor compactor;
    private final PgSettings settings;
    private final Statistics statistics;

    private PostgresStore(HikariDataSource pool, String jdbcUrl, StoreOptions options) {
        this.pool = pool;
        this.options = options;
        this.events = new EventLog(pool, jdbcUrl, options.ringSize(), counter()[0]);
        this.statistics = new Statistics(pool);
        this.writer = new Writer(pool, options.maxBatch(), this::committed);
        this.lister = new Lister(pool);
        this.gc = options.gcEnabled() ? new GarbageCollector(pool, this) : null;
        this.compactor = new Compactor(this, pool, options);
        this.settings = new PgSettings(pool);
    }

    /**
     * Connects (a HikariCP pool), migrates the schema with Flyway and starts the writer, the listener, the
     * garbage collector (which sweeps orphans left before a restart) and the compactor.
     */
    public static PostgresStore open(String jdbcUrl, StoreOptions options) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setMaximumPoolSize(options.poolSize());
        cfg.setPoolName("canopy-store");
        cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        // acknowledged must mean durable, whatever the server's default
        cfg.setConnectionInitSql("SET synchronous_commit = on");
        HikariDataSource pool = new HikariDataSource(cfg);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            return new PostgresStore(pool, jdbcUrl, options);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The connection pool, for metrics. */
    public HikariDataSource dataSource() { return pool; }

    /** Values shared by all replicas. */
    public Settings settings() { return settings; }

    public StoreOptions options() { return options; }

    private void committed(List<LogEntry> changes) {
        events.committed(changes);
        statistics.written(changes.size());
        GarbageCollector gc = this.gc; // null while the constructor runs
        if (gc != null) for (LogEntry c : changes) if (c.deleted()) gc.ownerRemoved(dev.canopy.api.Objects.uid(c.parsedObject()));
    }

    /** Asks the garbage collector to look for orphans across the whole store. */
    public void sweepOrphans() {
        if (gc != null) gc.sweep();
    }

    @Override
    public Optional<ObjectNode> get(ResourceKey key) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT object FROM current WHERE resource = ? AND namespace = ? AND name = ?")) {
            ps.setString(1, key.resource());
            ps.setString(2, key.namespace());
            ps.setString(3, key.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Change.parse(rs.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw ApiException.internal("read failed: " + e.getMessage());
        }
    }

    @Override
    public ListResult list(ListOptions options) {
        return lister.list(options);
    }

    @Override
    public ObjectNode create(ResourceKey key, ObjectNode object) {
        // a named create expects its key to be free: the writer need not read it (the flush checks it)
        List<ResourceKey> free = key.name().isEmpty() ? List.of() : List.of(key);
        // the writer returns the shared node; copying on the caller's thread keeps the writer short
        return writer.submit(List.of(), free, scope -> {
            for (int attempt = 0; ; attempt++) {
                String name = ObjectRules.nameForCreate(key, object);
                ResourceKey k = new ResourceKey(key.resource(), key.namespace(), name);
                if (scope.current(k) != null) {
                    boolean generated = key.name().isEmpty() && dev.canopy.api.Objects.name(object).isEmpty();
                    if (generated && attempt < GENERATE_NAME_TRIES) continue;
                    throw ApiException.alreadyExists(ObjectRules.groupResource(key.resource()), name);
                }
                return scope.put(k, ObjectRules.forCreate(k, object));
            }
        }).deepCopy();
    }

    @Override
    public ObjectNode update(ResourceKey key, ObjectNode object, UpdateOptions options) {
        return writer.submit(List.of(key), scope -> {
            ObjectNode current = existing(scope, key);
            return scope.apply(key, ObjectRules.forUpdate(key, current, object, options));
        }).deepCopy();
    }

    @Override
    public ObjectNode delete(ResourceKey key, String preconditionUid, String preconditionResourceVersion) {
        return writer.submit(List.of(key), scope -> {
            ObjectNode current = existing(scope, key);
            return scope.apply(key, ObjectRules.forDelete(key, current, preconditionUid, preconditionResourceVersion));
        }).deepCopy();
    }

    private static ObjectNode existing(WriteScope scope, ResourceKey key) {
        ObjectNode current = scope.current(key);
        if (current == null) throw ApiException.notFound(ObjectRules.groupResource(key.resource()), key.name());
        return current;
    }

    @Override
    public <R> R transact(Command<R> command) {
        return transact(List.of(), command);
    }

    @Override
    public <R> R transact(List<ResourceKey> prefetch, Command<R> command) {
        return writer.submit(prefetch, scope -> {
            Command.Decision<R> d = command.decide(scope);
            // the writes need the current rows (for uid, generation, the previous object): one round trip for all
            scope.prefetch(d.writes().stream().map(w -> switch (w) {
                case Command.Put p -> p.key();
                case Command.Remove r -> r.key();
            }).toList());
            for (Command.Write w : d.writes()) {
                switch (w) {
                    case Command.Put p -> scope.apply(p.key(), ObjectRules.forPut(p.key(), scope.current(p.key()), p.object()));
                    case Command.Remove r -> {
                        ObjectNode current = scope.current(r.key());
                        if (current != null) scope.remove(r.key(), current);
                    }
                }
            }
            return d.response();
        });
    }

    @Override
    public Watch watch(ListOptions options, long fromRevision) {
        long[] counter = counter();
        if (fromRevision == 0) fromRevision = counter[0];
        else if (fromRevision < counter[1])
            throw ApiException.gone("too old resource version: " + fromRevision + " (" + counter[1] + ")");
        return new PgWatch(events, options, fromRevision, this::compactedRevision);
    }

    @Override
    public long revision() { return counter()[0]; }

    /**
     * Batches the writer ran since open and the write operations in them (their ratio is the mean batch
     * size), and the writer's time per step of a batch: gathering more operations, the first round trip
     * (counter lock and prefetch; zero for an optimistic batch), deciding, the second round trip (flush and
     * COMMIT), publishing to watchers. {@code optimistic}: batches that took one round trip, decided on rows
     * the writer knew; {@code fallbacks}: optimistic tries dropped (a row not known, or the store had
     * changed) and run the two-round-trip way. Thread-safe.
     */
    public record WriterStats(long batches, long operations, long gatherNanos, long beginNanos, long decideNanos, long commitNanos, long publishNanos,
                              long optimistic, long fallbacks) {
        /** What happened between {@code before} and this. */
        public WriterStats minus(WriterStats before) {
            return new WriterStats(batches - before.batches, operations - before.operations, gatherNanos - before.gatherNanos,
                    beginNanos - before.beginNanos, decideNanos - before.decideNanos, commitNanos - before.commitNanos, publishNanos - before.publishNanos,
                    optimistic - before.optimistic, fallbacks - before.fallbacks);
        }
    }

    /** How many times this store has run ANALYZE since open ({@link Statistics}). */
    public long analyses() { return statistics.runs(); }

    public WriterStats writerStats() { return writer.stats(); }

    @Override
    public long compactedRevision() { return counter()[1]; }

    /** {revision, compacted} as committed. */
    private long[] counter() {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT revision, compacted FROM revision_counter WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw ApiException.internal("read failed: " + e.getMessage());
        }
    }

    @Override
    public void compact(long revision) {
        compactor.compact(revision);
    }

    @Override
    public void close() {
        compactor.close();
        if (gc != null) gc.close();
        writer.close();
        statistics.close();
        events.close();
        pool.close();
        LOG.debug("store closed");
    }
}
