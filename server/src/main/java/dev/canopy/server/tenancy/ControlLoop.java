package dev.canopy.server.tenancy;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one idempotent "reconcile everything" pass on a single thread: after any number of
 * {@link #kick()}s (coalesced into one pass) and every {@code period} as a retry. A pass that throws
 * is logged and retried on the next tick, so a controller never stops.
 */
final class ControlLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Runnable pass;
    private final String name;

    ControlLoop(String name, Runnable pass) {
        this.name = name;
        this.pass = pass;
    }

    ControlLoop start(long periodMillis) {
        exec.scheduleWithFixedDelay(this::kick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        kick();
        return this;
    }

    /** Asks for a pass soon; thread-safe and cheap (at most one pass is queued). */
    void kick() {
        if (!pending.compareAndSet(false, true)) return;
        try {
            exec.execute(() -> {
                pending.set(false);
                try {
                    pass.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} pass failed; retrying", name, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.set(false);   // closing
        }
    }

    @Override
    public void close() { exec.shutdownNow(); }
}
