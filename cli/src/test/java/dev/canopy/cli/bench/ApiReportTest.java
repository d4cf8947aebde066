package dev.canopy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.cli.bench.jmh.JmhFigure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Percentiles and tables of the benchmarks: pure formatting, no timing. */
class ApiReportTest {

    @Test
    void percentilesComeFromTheRecordedValues() {
        Latencies lat = new Latencies("get");
        for (int i = 1; i <= 100; i++) lat.record(i * 1_000_000L);   // 1 .. 100 ms
        lat.error();
        OpStats s = lat.stats(2_000_000_000L);                        // in 2 s
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(s.p50Ms()).isBetween(49.9, 50.1);
        assertThat(s.p99Ms()).isBetween(98.9, 99.1);
        assertThat(s.maxMs()).isBetween(99.9, 100.1);
        assertThat(s.perSecond()).isEqualTo(50.0);
    }

    @Test
    void anEmptyOperationHasZeroes() {
        OpStats s = new Latencies("watch-delivery").stats(0);
        assertThat(s.count()).isZero();
        assertThat(s.p99Ms()).isZero();
        assertThat(s.perSecond()).isZero();
    }

    @Test
    void numbersAreFormattedForPeople() {
        assertThat(ApiReport.millis(0.4234)).isEqualTo("0.42 ms");
        assertThat(ApiReport.millis(12.34)).isEqualTo("12.3 ms");
        assertThat(ApiReport.millis(1234.4)).isEqualTo("1234 ms");
        assertThat(ApiReport.rate(8.46)).isEqualTo("8.5/s");
        assertThat(ApiReport.rate(1234.4)).isEqualTo("1234/s");
        assertThat(ApiReport.percent(0.4567)).isEqualTo("45.7%");
        assertThat(JmhFigure.micros(3.1)).isEqualTo("3.10 us");
    }

    @Test
    void tableShowsFiguresTargetsAndVerdicts() {
        ApiFigures f = new ApiFigures("2 CPUs", 1000, 16, 20, 1.5, List.of(
                new OpStats(ApiFigures.CREATE, 2000, 0, 8, 25, 40, 100),
                new OpStats(ApiFigures.GET, 5000, 0, 1, 3, 9, 250),
                new OpStats(ApiFigures.WATCH, 8000, 2, 5, 30, 60, 0),
                new OpStats(ApiFigures.RAW_INSERT, 2000, 0, 2, 6, 10, 400)), 0.25, 300, 700, List.of("a note"));
        StringWriter sw = new StringWriter();
        ApiReport.print(f, new PrintWriter(sw));
        String text = sw.toString();
        assertThat(text).contains("OPERATION", "P50", "P99", "THROUGHPUT", "TARGET", "MET", "* a note");
        assertThat(line(text, "create")).contains("8.00 ms", "25.0 ms", "100/s", "p99 <= 20 ms", "NO");
        assertThat(line(text, "get ")).contains("3.00 ms", "250/s", "p99 <= 5 ms", "yes");
        assertThat(line(text, "watch-delivery")).contains("30.0 ms", "p99 <= 50 ms", "yes");
        assertThat(line(text, "raw-insert")).contains("400/s");
        assertThat(line(text, "create throughput / raw-insert")).contains("25.0%", ">= 50%", "NO");
        assertThat(line(text, "used heap after preload")).contains("300 MB", "yes");
        assertThat(line(text, "used heap after the run")).contains("700 MB", "NO");
    }

    @Test
    void jmhTableShowsTheTarget() {
        String t = JmhFigure.table(List.of(new JmhFigure("RbacBenchmark.allowed", 1000, 1.5, 120, 300, 900))).render(false);
        assertThat(t).startsWith("BENCHMARK").contains("RbacBenchmark.allowed", "1.50 us", "120 us", "p99 <= 100 us", "NO");
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError("no line " + start + " in\n" + text));
    }
}
