package dev.canopy.cli.bench.jmh;

import dev.canopy.cli.output.TablePrinter;
import java.util.List;
import java.util.Locale;

/**
 * One JMH benchmark's sampled latencies, in microseconds.
 *
 * @param benchmark short name, e.g. {@code RbacBenchmark.allowed}
 * @param samples   how many calls were sampled
 */
public record JmhFigure(String benchmark, long samples, double p50Us, double p99Us, double p999Us, double maxUs) {
    /** The decision targets of issue 2's follow-ups: p99 at most 100 µs. */
    public static final double TARGET_P99_US = 100;

    public boolean meetsTarget() { return p99Us <= TARGET_P99_US; }

    /** A kubectl-like table of figures with the target next to them. */
    public static TablePrinter table(List<JmhFigure> figures) {
        TablePrinter t = TablePrinter.columns("benchmark", "samples", "p50", "p99", "p99.9", "max", "target", "met");
        for (JmhFigure f : figures) {
            t.row(f.benchmark(), f.samples(), micros(f.p50Us()), micros(f.p99Us()), micros(f.p999Us()), micros(f.maxUs()),
                    "p99 <= 100 us", f.meetsTarget() ? "yes" : "NO");
        }
        return t;
    }

    /** 0.42 us, 3.10 us, 12.3 us, 1234 us. */
    public static String micros(double us) {
        if (us < 10) return String.format(Locale.ROOT, "%.2f us", us);
        if (us < 100) return String.format(Locale.ROOT, "%.1f us", us);
        return String.format(Locale.ROOT, "%.0f us", us);
    }
}
