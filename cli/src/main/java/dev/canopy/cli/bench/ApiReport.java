package dev.canopy.cli.bench;

import dev.canopy.cli.output.TablePrinter;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints {@link ApiFigures} like kubectl prints a list: one table of operations, one of derived figures. */
public final class ApiReport {
    private ApiReport() {}

    /** Prints both tables and the notes. */
    public static void print(ApiFigures f, PrintWriter out) {
        out.println(f.machine() + "; " + f.objects() + " objects preloaded in " + seconds(f.preloadSeconds()) + "; "
                + f.clients() + " clients; " + f.phaseSeconds() + " s per phase");
        out.println();
        operations(f).print(out, false);
        out.println();
        derived(f).print(out, false);
        out.println();
        for (String n : f.notes()) out.println("* " + n);
        out.flush();
    }

    /** The table of operations: count, errors, p50, p99, max, throughput, target and whether it is met. */
    public static TablePrinter operations(ApiFigures f) {
        TablePrinter t = TablePrinter.columns("operation", "count", "errors", "p50", "p99", "max", "throughput", "target", "met");
        for (OpStats s : f.operations()) {
            var v = Targets.forOperation(s);
            t.row(s.operation(), s.count(), s.errors(), millis(s.p50Ms()), millis(s.p99Ms()), millis(s.maxMs()),
                    s.perSecond() > 0 ? rate(s.perSecond()) : "-", v.map(Targets.Verdict::target).orElse("-"),
                    v.map(Targets.Verdict::mark).orElse("-"));
        }
        return t;
    }

    /** The derived figures: create/raw-insert ratio and heap. */
    public static TablePrinter derived(ApiFigures f) {
        TablePrinter t = TablePrinter.columns("figure", "value", "target", "met");
        var r = Targets.ratio(f.createToRawRatio());
        t.row("create throughput / raw-insert throughput", percent(f.createToRawRatio()), r.target(), r.mark());
        var h = Targets.heap(f.heapAfterPreloadMb());
        t.row("used heap after preload + GC (seed and bench in one JVM)", megabytes(f.heapAfterPreloadMb()), h.target(), h.mark());
        var e = Targets.heap(f.heapAfterRunMb());
        t.row("used heap after the run + GC", megabytes(f.heapAfterRunMb()), e.target(), e.mark());
        return t;
    }

    /** 0.42 ms, 3.10 ms, 12.3 ms, 1234 ms: three significant figures below 100 ms. */
    public static String millis(double ms) {
        if (ms < 10) return String.format(Locale.ROOT, "%.2f ms", ms);
        if (ms < 100) return String.format(Locale.ROOT, "%.1f ms", ms);
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    /** Operations per second, e.g. {@code 1234/s} or {@code 8.5/s}. */
    public static String rate(double perSecond) {
        return perSecond < 100 ? String.format(Locale.ROOT, "%.1f/s", perSecond) : String.format(Locale.ROOT, "%.0f/s", perSecond);
    }

    public static String percent(double fraction) { return String.format(Locale.ROOT, "%.1f%%", fraction * 100); }

    public static String megabytes(double mb) { return String.format(Locale.ROOT, "%.0f MB", mb); }

    private static String seconds(double s) { return String.format(Locale.ROOT, "%.1f s", s); }
}
