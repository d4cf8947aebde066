package dev.canopy.cli.bench;

import dev.canopy.api.Json;
import dev.canopy.cli.output.TablePrinter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * What the benchmarks that drive an in-process seed over HTTPS share ({@link TenantsBench}, {@link SpacesBench},
 * {@link FleetBench}): sequential latency measurement with a warm-up, nearest-rank percentiles, creates that
 * retry while the seed catches up, waiting until the store is quiet, the heap after a full GC. Stateless.
 */
final class SeedBench {
    private SeedBench() {}

    /** One measured operation. */
    record Latency(String operation, double p50Ms, double p99Ms, double maxMs, int samples, String target, boolean met) {}

    /** The target of a figure that is reported without one (its MET column shows "-"). */
    static final String NO_TARGET = "-";

    /** One timed call; {@code i} is the sample's index, negative during the warm-up. */
    interface Op { void run(int i) throws Exception; }

    /** Warm-up calls before {@code samples} timed ones: a fifth of them, 5 to 50. */
    static int warmup(int samples) { return Math.min(50, Math.max(5, samples / 5)); }

    /** Runs {@code op} sequentially: a warm-up, then {@code samples} timed runs; met when p99 ≤ {@code targetMs}. */
    static Latency measure(String name, String target, double targetMs, int samples, Op op) throws Exception {
        return measure(name, target, targetMs, samples, i -> {
            op.run(i);
            return null;
        }, r -> { });
    }

    /** One timed call that returns what an untimed step then looks at (e.g. a response to count items in). */
    interface Timed<T> { T run(int i) throws Exception; }

    /**
     * Like {@link #measure(String, String, double, int, Op)}, with {@code after} given each call's result outside the
     * timing: a client's bookkeeping (parsing a 100-item list to count it) is not the operation's latency.
     */
    static <T> Latency measure(String name, String target, double targetMs, int samples, Timed<T> op,
                               java.util.function.Consumer<T> after) throws Exception {
        for (int i = 0; i < warmup(samples); i++) after.accept(op.run(-1 - i));
        long[] ns = new long[samples];
        for (int i = 0; i < samples; i++) {
            long s = System.nanoTime();
            T r = op.run(i);
            ns[i] = System.nanoTime() - s;
            after.accept(r);
        }
        Arrays.sort(ns);
        double p99 = pct(ns, 0.99);
        return new Latency(name, pct(ns, 0.50), p99, ns[ns.length - 1] / 1e6, samples, target, p99 <= targetMs);
    }

    /** How many items a list response holds (parsed as JSON, which it is). */
    static int items(BenchHttp.Response r) {
        try {
            return Json.MAPPER.readTree(r.body()).path("items").size();
        } catch (IOException e) {
            throw new IllegalStateException("a list response that is not JSON: " + e.getMessage());
        }
    }

    /** The q-quantile (nearest rank) of sorted nanoseconds, in milliseconds. */
    static double pct(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** The latency table's header and one row per operation (callers may add rows before printing). */
    static TablePrinter latencyTable(Iterable<Latency> latencies) {
        TablePrinter t = TablePrinter.columns("OPERATION", "P50", "P99", "MAX", "SAMPLES", "TARGET", "MET");
        for (Latency l : latencies) {
            t.row(l.operation(), ms(l.p50Ms()), ms(l.p99Ms()), ms(l.maxMs()), l.samples(), l.target(), NO_TARGET.equals(l.target()) ? NO_TARGET : l.met() ? "yes" : "NO");
        }
        return t;
    }

    static String ms(double v) { return String.format("%.2f ms", v); }

    /**
     * POSTs {@code body}, retrying (up to {@code attempts}, backing off to 200 ms) on 409, 429, 5xx and the
     * client errors {@code alsoRetry} accepts (e.g. a parent not yet in the seed's cache); an object that
     * already exists counts as created.
     */
    static void create(BenchHttp http, String path, String body, int attempts, IntPredicate alsoRetry) throws Exception {
        BenchHttp.Response r = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            r = http.post(path, body);
            if (r.code() == 201) return;
            if (r.code() == 409 && r.body().contains("AlreadyExists")) return;
            if (!alsoRetry.test(r.code()) && r.code() != 409 && r.code() != 429 && r.code() < 500) break;
            Thread.sleep(20L * Math.min(10, attempt + 1));
        }
        throw new IllegalStateException("POST " + path + " → " + r.code() + ": " + r.body());
    }

    static void check(BenchHttp.Response r, int code) {
        if (r.code() != code) throw new IllegalStateException("expected " + code + ", got " + r.code() + ": " + r.body());
    }

    /** Waits (at most 10 minutes) until the store's revision stays the same for 3 s: the controllers have caught up. */
    static void awaitQuiet(BenchHttp http) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        String before = "";
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) {
            BenchHttp.Response r = http.get("/api/v1/namespaces?limit=1", null);
            String rv = Json.parseYaml(r.body().getBytes(StandardCharsets.UTF_8)).path("metadata").path("resourceVersion").asText();
            quiet = rv.equals(before) ? quiet + 1 : 0;
            before = rv;
            Thread.sleep(1000);
        }
    }

    /**
     * Heap in use after a full GC, in MB (the whole JVM): what the heap pools held right after the last
     * collection ({@code MemoryPoolMXBean.getCollectionUsage}). Reading the heap's current use instead, even
     * 200 ms after {@code System.gc()}, counted whatever the running seed allocated meanwhile (its
     * controllers and watchers keep working): up to 300 MB of young garbage on a busy seed.
     */
    static double heapAfterGcMb() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);   // let cleaners and reference processing release what the collection found
        }
        System.gc();
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != java.lang.management.MemoryType.HEAP) continue;
            var after = pool.getCollectionUsage();
            used += after != null ? after.getUsed() : pool.getUsage().getUsed();
        }
        return used / (1024.0 * 1024.0);
    }

    static double secondsSince(long t0) { return (System.nanoTime() - t0) / 1e9; }

    /** A benchmark's work against a running seed. */
    interface Run<R> { R run(BenchHttp admin) throws Exception; }

    /**
     * Starts a fresh seed (embedded PostgreSQL in a temporary directory, deleted afterwards), runs {@code run}
     * as the seed's admin and returns its result.
     */
    static <R> R withSeed(String bench, java.util.function.Consumer<String> progress, Run<R> run) throws Exception {
        return withSeed(bench, progress, dev.canopy.server.fleet.FleetOptions.defaults(), (seed, admin) -> run.run(admin));
    }

    interface SeedRun<R> { R run(dev.canopy.server.Seed seed, BenchHttp admin) throws Exception; }

    /** {@link #withSeed(String, java.util.function.Consumer, Run)} with fleet options (simulated clusters), giving {@code run} the seed too. */
    static <R> R withSeed(String bench, java.util.function.Consumer<String> progress, dev.canopy.server.fleet.FleetOptions fleet, SeedRun<R> run) throws Exception {
        Path dir = Files.createTempDirectory("canopy-bench-" + bench);
        progress.accept("starting an embedded seed in " + dir);
        try (dev.canopy.server.Seed seed = dev.canopy.server.Seed.start(new dev.canopy.server.Seed.Config(dir, 0, "example.org", null), fleet)) {
            return run.run(seed, BenchHttp.admin(seed.adminKubeconfig()));
        } finally {
            deleteTree(dir);
        }
    }

    /** Deletes a temporary directory tree; what cannot be deleted stays (a temp dir left behind is harmless). */
    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // harmless
        }
    }
}
