package dev.canopy.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one timed phase: {@code clients} threads each call the operation in a closed loop (send, wait
 * for the whole response, send the next) until the duration is over. Each call's latency, from just
 * before sending to the response fully read, goes into the {@link Latencies}.
 */
public final class Phase {
    private Phase() {}

    private static final java.util.concurrent.atomic.LongAdder CLIENT_CPU = new java.util.concurrent.atomic.LongAdder();

    /** CPU time used by the client threads of every phase so far (each adds its own when it ends). */
    static long clientCpuNanos() { return CLIENT_CPU.sum(); }

    /** One operation of one client; {@code seq} counts that client's calls. Returns false for a failed call. */
    @FunctionalInterface
    public interface Op {
        boolean call(int client, long seq) throws Exception;
    }

    /** Runs {@code op} and returns the figures; a client that throws stops the phase with that error. */
    public static OpStats run(String name, int clients, Duration duration, Op op) throws InterruptedException {
        Latencies lat = new Latencies(name);
        long elapsed = loop(clients, duration, op, lat);
        return lat.stats(elapsed);
    }

    /** Runs {@code op} without keeping figures: warms the JIT, connection pools and caches. */
    public static void warmUp(int clients, Duration duration, Op op) throws InterruptedException {
        loop(clients, duration, op, null);
    }

    private static long loop(int clients, Duration duration, Op op, Latencies lat) throws InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                try {
                    calls(client, deadline, op, lat, failure);
                } finally {
                    CLIENT_CPU.add(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
            }));
        }
        for (Thread t : threads) t.join();
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) throw new IllegalStateException("a bench client failed: " + failure.get(), failure.get());
        return elapsed;
    }

    /** One client's closed loop: call, record, call again until the deadline or another client's failure. */
    private static void calls(int client, long deadline, Op op, Latencies lat, AtomicReference<Exception> failure) {
        for (long seq = 0; System.nanoTime() < deadline && failure.get() == null; seq++) {
            long t0 = System.nanoTime();
            try {
                boolean ok = op.call(client, seq);
                if (lat == null) continue;
                if (ok) lat.record(System.nanoTime() - t0);
                else lat.error();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
