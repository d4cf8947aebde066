package dev.canopy.server.controllers;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-key work queue, like client-go's rate-limited workqueue: keys added while waiting are coalesced
 * (a key is queued at most once), one worker on a virtual thread reconciles them in order, a failing key
 * is requeued with exponential backoff (so one bad object never stalls the others), and every key the
 * {@code resync} supplier names is added again at a long interval as a safety net. A key being processed
 * may be added again meanwhile; it then runs once more afterwards, so no event is lost.
 *
 * <p>The reconciler must be idempotent. Thread-safe: {@link #add} may be called from any thread.
 *
 * @param <K> the key type (with value equality)
 */
public final class WorkQueue<K> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

    /** Reconciles one key; a thrown exception requeues it with backoff. */
    @FunctionalInterface
    public interface Reconciler<K> {
        /** @return {@code null} when done, else how long to wait before looking at the key again */
        Duration reconcile(K key) throws Exception;
    }

    private final String name;
    private final Reconciler<K> reconciler;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final LinkedHashSet<K> queue = new LinkedHashSet<>();            // guarded by lock
    private final Map<K, Integer> failures = new HashMap<>();                // guarded by lock
    private final Set<K> deferred = new HashSet<>();                         // guarded by lock
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private volatile boolean closed;
    private Thread worker;

    /**
     * @param baseDelay first retry delay after a failure, doubled per consecutive failure up to {@code maxDelay}
     */
    public WorkQueue(String name, Reconciler<K> reconciler, Duration baseDelay, Duration maxDelay) {
        this.name = name;
        this.reconciler = reconciler;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    /** Starts the worker and, if {@code resync} is not null, re-adds all its keys every {@code period}. */
    public WorkQueue<K> start(Supplier<? extends Collection<K>> resync, Duration period) {
        worker = Thread.ofVirtual().name("workqueue-" + name).start(this::run);
        if (resync != null) {
            long ms = period.toMillis();
            timer.scheduleWithFixedDelay(() -> {
                try {
                    addAll(resync.get());
                } catch (RuntimeException e) {
                    LOG.warn("{}: resync failed", name, e);
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Queues {@code key} unless it is already waiting. Cheap; never blocks for long. */
    public void add(K key) {
        if (key == null || closed) return;
        lock.lock();
        try {
            if (queue.add(key)) ready.signal();
        } finally {
            lock.unlock();
        }
    }

    public void addAll(Collection<? extends K> keys) {
        if (keys.isEmpty() || closed) return;
        lock.lock();
        try {
            queue.addAll(keys);
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} after {@code delay}. */
    public void addAfter(K key, Duration delay) {
        if (closed) return;
        try {
            timer.schedule(() -> add(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Queues {@code key} after {@code delay} unless it is already deferred: many calls within the delay
     * make one reconcile. For derived state that may lag a little (a parent's usage counts), so a burst
     * of changes below it costs one write instead of one per change.
     */
    public void addDeferred(K key, Duration delay) {
        if (key == null || closed) return;
        lock.lock();
        try {
            if (!deferred.add(key)) return;
        } finally {
            lock.unlock();
        }
        try {
            timer.schedule(() -> {
                lock.lock();
                try {
                    deferred.remove(key);
                } finally {
                    lock.unlock();
                }
                add(key);
            }, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Keys waiting now (for tests and metrics). */
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!closed) {
            K key;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) ready.await();
                if (closed) return;
                Iterator<K> it = queue.iterator();
                key = it.next();
                it.remove();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            process(key);
        }
    }

    private void process(K key) {
        Duration after;
        try {
            after = reconciler.reconcile(key);
        } catch (Exception e) {
            int n;
            lock.lock();
            try {
                n = failures.merge(key, 1, Integer::sum);
            } finally {
                lock.unlock();
            }
            Duration delay = backoff(n);
            if (n <= 3) LOG.debug("{}: {} failed ({}), retrying in {} ms", name, key, e.toString(), delay.toMillis());
            else LOG.warn("{}: {} failed {} times ({}), retrying in {} ms", name, key, n, e.toString(), delay.toMillis());
            addAfter(key, delay);
            return;
        }
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
        if (after != null) addAfter(key, after);
    }

    /** {@code baseDelay × 2^(failures-1)}, at most {@code maxDelay}. */
    Duration backoff(int failures) {
        long ms = baseDelay.toMillis() << Math.min(20, Math.max(0, failures - 1));
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        if (worker != null) {
            // Let the key in hand finish: interrupting a reconcile in the middle of a database call breaks the
            // pooled connection and logs errors for nothing. A reconcile that hangs is interrupted after the wait.
            try {
                if (!worker.join(CLOSE_WAIT)) worker.interrupt();
            } catch (InterruptedException e) {
                worker.interrupt();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
}
