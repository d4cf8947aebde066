package dev.canopy.store.postgres;

import dev.canopy.api.ApiException;
import dev.canopy.store.ResourceKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of this process. Callers enqueue operations and block until theirs is committed;
 * one thread takes every pending operation and runs them in ONE transaction (group commit) while holding
 * the row lock on {@code revision_counter}, which also orders writers of other processes. Each operation
 * is decided against the state left by the earlier ones in the batch and fails alone; futures complete
 * only after COMMIT. If the batch cannot commit, each operation is retried in its own transaction, and
 * one that still cannot commit fails with 500: nothing is acknowledged that was not committed.
 *
 * <p>A batch whose rows the writer already knows ({@link KnownRows}: rows it read or wrote since the counter
 * last moved without it), or that only creates keys expected to be free, costs ONE round trip: it is
 * decided without reading, and its writes go with a check of those assumptions under the lock
 * ({@link WriteTx#optimistic}). When the check fails (another process wrote, a create's key exists) the
 * batch is rolled back, nothing was acknowledged, and it runs again the two-round-trip way.
 */
final class Writer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    /**
     * One write decision; runs on the writer thread, may throw {@link ApiException} to fail alone. It may run
     * twice for one submission (an optimistic try that is dropped, then the two-round-trip way), so it only
     * decides, through the scope.
     */
    interface Op<R> {
        R run(WriteScope scope) throws SQLException;
    }

    private record Task<R>(List<ResourceKey> prefetch, List<ResourceKey> free, Op<R> op, CompletableFuture<R> future) {
        @SuppressWarnings("unchecked")
        void complete(Object value) { future.complete((R) value); }
    }

    /**
     * How long a busy writer waits for more operations before it starts a batch. Every batch costs one or
     * two round trips whatever its size, and under CPU contention each costs ms, so while the writer
     * is busy (its last batch held more than one operation) it gathers until it has as many operations as
     * last time, or this much time has passed. An idle writer (last batch of one) starts at once. (With
     * one-round-trip batches, 0.25 ms measured the same as 1 ms: docs/benchmarks.md.)
     */
    static final long GATHER_NANOS = 1_000_000;

    // PostgresStore.WriterStats: batches, operations, and the writer thread's time per step of a batch
    private final LongAdder batches = new LongAdder();
    private final LongAdder operations = new LongAdder();
    private final LongAdder gatherNanos = new LongAdder();
    private final LongAdder beginNanos = new LongAdder();
    private final LongAdder decideNanos = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LongAdder publishNanos = new LongAdder();
    private final LongAdder optimistic = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    /** Rows kept: enough for the objects a busy controller or client rewrites, a few MB of heap. */
    static final int KNOWN_ROWS = 4096;
    private final KnownRows known = new KnownRows(KNOWN_ROWS); // writer thread only
    private final DataSource pool;
    private final int maxBatch;
    private final Consumer<List<LogEntry>> onCommit;
    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection; // writer thread only

    Writer(DataSource pool, int maxBatch, Consumer<List<LogEntry>> onCommit) {
        this.pool = pool;
        this.maxBatch = maxBatch;
        this.onCommit = onCommit;
        this.thread = Thread.ofPlatform().daemon().name("canopy-store-writer").start(this::loop);
    }

    /** Runs {@code op} in the next batch and returns its result once committed. */
    <R> R submit(List<ResourceKey> prefetch, Op<R> op) {
        return submit(prefetch, List.of(), op);
    }

    /**
     * {@link #submit(List, Op)} for an operation that expects the keys {@code free} not to exist (a create):
     * it can then be decided without reading them, and the flush checks that they are free.
     */
    <R> R submit(List<ResourceKey> prefetch, List<ResourceKey> free, Op<R> op) {
        if (closed) throw ApiException.internal("the store is closed");
        Task<R> task = new Task<>(prefetch, free, op, new CompletableFuture<>());
        queue.add(task);
        try {
            return task.future().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.internal("interrupted while waiting for the write to commit (it may still commit)");
        }
    }

    /** Counted since open; see {@link PostgresStore.WriterStats}. */
    PostgresStore.WriterStats stats() {
        return new PostgresStore.WriterStats(batches.sum(), operations.sum(), gatherNanos.sum(), beginNanos.sum(), decideNanos.sum(),
                commitNanos.sum(), publishNanos.sum(), optimistic.sum(), fallbacks.sum());
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>();
        int previous = 1;
        while (!closed || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                long t0 = System.nanoTime();
                gather(batch, Math.min(previous, maxBatch));
                gatherNanos.add(System.nanoTime() - t0);
                previous = batch.size();
                batches.increment();
                operations.add(batch.size());
                runBatch(batch, true);
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (Throwable t) {
                LOG.error("store writer failed", t);
                for (Task<?> task : batch) task.future().completeExceptionally(ApiException.internal("store write failed: " + t));
            } finally {
                batch.clear();
            }
        }
        for (Task<?> t; (t = queue.poll()) != null; ) t.future().completeExceptionally(ApiException.internal("the store is closed"));
        discardConnection();
    }

    /** While busy ({@code target > 1}), waits up to {@link #GATHER_NANOS} until {@code batch} holds {@code target} operations. */
    private void gather(List<Task<?>> batch, int target) throws InterruptedException {
        if (target <= 1 || batch.size() >= target) return;
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < target && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            Task<?> next = queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (next == null) return;
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void runBatch(List<Task<?>> batch, boolean retryAlone) {
        Object[] results = new Object[batch.size()];
        RuntimeException[] errors = new RuntimeException[batch.size()];
        List<LogEntry> changes;
        try {
            changes = execute(batch, results, errors);
        } catch (SQLException | RuntimeException e) {
            if (retryAlone && batch.size() > 1) {
                LOG.warn("store batch of {} failed ({}); retrying each write alone", batch.size(), e.toString());
                for (Task<?> t : batch) runBatch(List.of(t), false);
            } else {
                LOG.warn("store write failed", e);
                for (Task<?> t : batch) t.future().completeExceptionally(ApiException.internal("store write failed: " + e.getMessage()));
            }
            return;
        }
        // publish before completing, so a caller that watches after its write returns finds it in the ring
        long t0 = System.nanoTime();
        if (!changes.isEmpty()) onCommit.accept(changes);
        publishNanos.add(System.nanoTime() - t0);
        for (int i = 0; i < batch.size(); i++) {
            if (errors[i] != null) batch.get(i).future().completeExceptionally(errors[i]);
            else batch.get(i).complete(results[i]);
        }
    }

    /**
     * The writer keeps one pooled connection, so a burst of reads can never make writes wait for the pool.
     * Every statement the writer runs finds rows by key, and it runs them while holding the lock that
     * every other write waits for, so it must never get a sequential scan or a hash join over
     * {@code current}: a generic plan cached while the table was small (before {@link Statistics} or
     * autovacuum analysed it) made each batch's prefetch scan 100,000 rows (18 ms instead of 0.2 ms).
     * Turning those plan types off for this session keeps the index plans whatever the statistics say.
     */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = pool.getConnection();
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off");
            }
            c.setAutoCommit(false);
            connection = c;
        }
        return connection;
    }

    private void discardConnection() {
        if (connection == null) return;
        try (java.sql.Statement s = connection.createStatement()) {
            connection.setAutoCommit(true);   // a RESET in a transaction that is then rolled back would not stick
            s.execute("RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin");   // it goes back to the readers' pool
        } catch (SQLException ignored) {
            // a broken connection: the pool evicts it
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    private List<LogEntry> execute(List<Task<?>> batch, Object[] results, RuntimeException[] errors) throws SQLException {
        Connection c = connection();
        try {
            List<ResourceKey> keys = new ArrayList<>(), free = new ArrayList<>();
            for (Task<?> t : batch) {
                keys.addAll(t.prefetch());
                free.addAll(t.free());
            }
            long t0 = System.nanoTime();
            WriteTx tx = WriteTx.optimistic(c, known, keys, free);
            if (tx != null) {
                List<LogEntry> done = attempt(tx, batch, results, errors, t0);
                if (done != null) {
                    optimistic.increment();
                    return done;
                }
                fallbacks.increment();
                java.util.Arrays.fill(results, null);
                java.util.Arrays.fill(errors, null);
                t0 = System.nanoTime();
            }
            List<ResourceKey> all = new ArrayList<>(keys);
            all.addAll(free);
            return attempt(WriteTx.begin(c, all, known), batch, results, errors, t0);
        } catch (SQLException | RuntimeException | Error e) {
            known.forget();
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is broken
            }
            discardConnection(); // a fresh one for the next batch; Hikari evicts a broken one
            throw e;
        }
    }

    /**
     * Decides the batch in {@code tx} and commits it; null when an optimistic {@code tx} cannot be used (it
     * needed a row it did not know, or its check found the store changed): then nothing was written.
     */
    private List<LogEntry> attempt(WriteTx tx, List<Task<?>> batch, Object[] results, RuntimeException[] errors, long t0) throws SQLException {
        long t1 = System.nanoTime();
        beginNanos.add(t1 - t0);
        for (int i = 0; i < batch.size(); i++) {
            WriteScope scope = tx.scope();
            try {
                results[i] = batch.get(i).op().run(scope);
                scope.merge();
            } catch (ApiException e) {
                errors[i] = e;
            } catch (WriteTx.DatabaseFailure e) {
                throw e.getCause();
            } catch (RuntimeException | Error e) {
                // an operation that read what an optimistic transaction did not know got made-up answers:
                // whatever it did with them is dropped
                if (tx.unsettled()) break;
                if (e instanceof Error err) throw err;
                LOG.warn("store write rejected by an unexpected error", e);
                errors[i] = ApiException.internal("store write failed: " + e);
            }
            if (tx.unsettled()) break;
        }
        long t2 = System.nanoTime();
        decideNanos.add(t2 - t1);
        if (tx.unsettled()) return null;
        try {
            if (!tx.flushAndCommit()) tx.connection.commit(); // nothing written: only the counter lock to release
        } catch (SQLException e) {
            if (!tx.isOptimistic() || !WriteTx.STALE.equals(e.getSQLState())) throw e;
            tx.connection.rollback();
            known.forget();
            return null;
        } finally {
            commitNanos.add(System.nanoTime() - t2);
        }
        tx.committedTo(known);
        return tx.logged();
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
