package dev.canopy.cli.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one operation, recorded from many threads into an HdrHistogram (3 significant digits,
 * 1 µs to 1 h), plus how many operations failed. Call {@link #stats} once recording is over.
 */
public final class Latencies {
    private static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);

    private final String operation;
    private final Recorder recorder = new Recorder(1_000, HIGHEST_NANOS, 3);
    private final Histogram total = new Histogram(1_000, HIGHEST_NANOS, 3);
    private final java.util.concurrent.atomic.LongAdder errors = new java.util.concurrent.atomic.LongAdder();

    public Latencies(String operation) { this.operation = operation; }

    public String operation() { return operation; }

    /** Records one latency in nanoseconds (clamped to 1 µs .. 1 h). Thread-safe, wait-free. */
    public void record(long nanos) {
        recorder.recordValue(Math.max(1_000, Math.min(HIGHEST_NANOS, nanos)));
    }

    /** Counts one failed operation (not recorded as a latency). Thread-safe. */
    public void error() { errors.increment(); }

    /**
     * The figures so far.
     *
     * @param elapsedNanos the wall time the operations ran in, for the throughput; 0 leaves throughput at 0
     */
    public synchronized OpStats stats(long elapsedNanos) {
        total.add(recorder.getIntervalHistogram());
        return OpStats.of(operation, total, errors.sum(), elapsedNanos);
    }
}
