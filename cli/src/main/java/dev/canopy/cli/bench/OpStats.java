package dev.canopy.cli.bench;

import org.HdrHistogram.AbstractHistogram;

/**
 * The figures of one measured operation.
 *
 * @param operation  what was measured, e.g. "create"
 * @param count      successful operations
 * @param errors     failed operations (not in the percentiles)
 * @param p50Ms      median latency in milliseconds
 * @param p99Ms      99th percentile latency in milliseconds
 * @param maxMs      the largest latency in milliseconds
 * @param perSecond  successful operations per second of wall time (0 when not meaningful, e.g. watch delivery)
 */
public record OpStats(String operation, long count, long errors, double p50Ms, double p99Ms, double maxMs, double perSecond) {

    /** Figures from a histogram of nanoseconds; {@code elapsedNanos} 0 gives a throughput of 0. */
    public static OpStats of(String operation, AbstractHistogram nanos, long errors, long elapsedNanos) {
        long n = nanos.getTotalCount();
        double rate = elapsedNanos <= 0 ? 0 : n / (elapsedNanos / 1e9);
        return new OpStats(operation, n, errors, ms(n == 0 ? 0 : nanos.getValueAtPercentile(50)),
                ms(n == 0 ? 0 : nanos.getValueAtPercentile(99)), ms(nanos.getMaxValue()), rate);
    }

    private static double ms(long nanos) { return nanos / 1e6; }
}
