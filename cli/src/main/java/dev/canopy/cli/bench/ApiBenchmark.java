package dev.canopy.cli.bench;

import dev.canopy.api.Json;
import dev.canopy.server.Seed;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.postgres.PostgresStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code canopy bench api}: starts a seed in this JVM, preloads ConfigMaps, then measures over HTTPS with
 * {@code clients} concurrent clients, one phase after the other: create, get, update, list-by-label and
 * watch delivery; then the raw-insert floor on the same PostgreSQL. See {@link ApiFigures}.
 */
public final class ApiBenchmark {
    /**
     * @param objects     ConfigMaps to preload
     * @param clients     concurrent clients per phase
     * @param duration    length of each timed phase
     * @param dataDir     the seed's data directory (a fresh one is best)
     * @param databaseUrl null for the embedded PostgreSQL in dataDir
     * @param watchers    watchers of the watch-delivery phase
     */
    public record Settings(int objects, int clients, Duration duration, Path dataDir, String databaseUrl, int watchers) {}

    private static final int UPDATE_SET = 50;
    /** The write path, TLS and JSON code must be compiled before the first measured phase. */
    private static final Duration WARM_UP = Duration.ofSeconds(6);
    /**
     * Each measured phase is preceded by this long of its own operation, unmeasured. After the mixed warm-up
     * alone, the JIT's compiler threads still took 38 % of the JVM's CPU during the create phase (hot code
     * compiled again for the profile of one operation), so the phase measured compilation, not the server.
     */
    private static final Duration PHASE_WARM_UP = Duration.ofSeconds(10);

    private final Settings settings;
    private final PrintWriter progress;
    private final List<String> notes = new ArrayList<>();

    public ApiBenchmark(Settings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs everything and stops the seed. */
    public ApiFigures run() throws Exception {
        say("starting a seed in " + settings.dataDir() + (settings.databaseUrl() == null ? " (embedded PostgreSQL)" : " on " + settings.databaseUrl()));
        try (Seed seed = Seed.start(new Seed.Config(settings.dataDir(), 0, "example.org", settings.databaseUrl()))) {
            return measure(seed);
        }
    }

    private ApiFigures measure(Seed seed) throws Exception {
        SeedHttp http = SeedHttp.fromKubeconfig(seed.adminKubeconfig());
        BenchObjects objects = new BenchObjects(settings.objects());
        int clients = settings.clients();
        Duration d = settings.duration();
        createNamespaces(http);
        String loadBefore = loadAverage();
        // the embedded PostgreSQL's CPU is read from /proc (postmaster and backends); unknown for --database-url
        long postmaster = settings.databaseUrl() == null ? ProcessTreeCpu.postmasterPid(settings.dataDir().resolve("postgres")) : -1;

        long t0 = System.nanoTime();
        Preloader.load(seed.store(), objects, progress);
        double preloadSeconds = (System.nanoTime() - t0) / 1e9;
        double heapAfterPreload = SeedBench.heapAfterGcMb();
        say(String.format(java.util.Locale.ROOT, "preloaded in %.1f s; used heap after GC %.0f MB", preloadSeconds, heapAfterPreload));

        say("warming up (" + WARM_UP.toSeconds() + " s of creates, gets, updates and lists; not measured)");
        Phase.warmUp(clients, WARM_UP, (c, seq) -> switch ((int) (seq % 3)) {
            case 0 -> get(http, objects).ok();
            case 1 -> list(http, objects).ok();
            default -> {
                String ns = BenchObjects.namespace(seq * clients + c);
                yield http.post(BenchObjects.collection(ns), BenchObjects.json(ns, "warm-" + c + "-" + seq, "bench-warm", null, 0, null)).ok();
            }
        });

        List<OpStats> ops = new ArrayList<>();
        List<String> cpuNotes = new ArrayList<>();
        Phase.Op creates = creates(http, "new-");
        warmUp("creates", creates(http, "warm-new-"));
        say("create: " + d.toSeconds() + " s");
        var batchesBefore = ((PostgresStore) seed.store()).writerStats();
        OpStats create = metered(ApiFigures.CREATE, "create", creates, postmaster, cpuNotes);
        ops.add(create);
        var w = ((PostgresStore) seed.store()).writerStats().minus(batchesBefore);
        double perBatch = Math.max(1, w.batches()) * 1e6;
        notes.add(String.format(java.util.Locale.ROOT, "create phase: the store writer ran %d batches holding %d writes (%.1f per batch),"
                        + " %d in one round trip (%d tries fell back to two);"
                        + " per batch, in ms: gather %.2f, lock+prefetch %.2f, decide %.2f, flush+commit %.2f, publish %.2f",
                w.batches(), w.operations(), w.batches() == 0 ? 0.0 : (double) w.operations() / w.batches(), w.optimistic(), w.fallbacks(),
                w.gatherNanos() / perBatch, w.beginNanos() / perBatch, w.decideNanos() / perBatch, w.commitNanos() / perBatch, w.publishNanos() / perBatch));
        Phase.Op gets = (c, seq) -> get(http, objects).status() == 200;
        warmUp("gets", gets);
        say("get: " + d.toSeconds() + " s");
        ops.add(metered(ApiFigures.GET, "get", gets, postmaster, cpuNotes));
        ops.add(update(seed, http, objects));
        Phase.Op lists = (c, seq) -> list(http, objects).status() == 200;
        warmUp("lists", lists);
        say("list-by-label: " + d.toSeconds() + " s");
        String sample = list(http, objects).body();
        notes.add("list-by-label: labelSelector=bucket=bN over all namespaces; a sample answer held "
                + Json.MAPPER.readTree(sample).path("items").size() + " items (" + sample.length() / 1024 + " KiB)");
        ops.add(metered(ApiFigures.LIST, "list-by-label", lists, postmaster, cpuNotes));
        notes.addAll(cpuNotes);
        say("watch delivery: " + settings.watchers() + " watchers, " + clients + " writers, " + d.toSeconds() + " s");
        ops.addAll(new WatchProbe(http, settings.watchers()).run(clients, d));

        PostgresStore store = (PostgresStore) seed.store();
        String row = Json.write(seed.store().get(new ResourceKey("core/configmaps", BenchObjects.namespace(0), BenchObjects.name(0))).orElseThrow());
        long rows = Math.max(1000, create.count());
        say("raw INSERT + COMMIT floor: " + rows + " rows of " + row.length() + " bytes from " + clients + " connections");
        var pool = store.dataSource();
        OpStats raw = new RawInsertFloor(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()).run(clients, rows, row);
        ops.add(raw);
        double ratio = raw.perSecond() == 0 ? 0 : create.perSecond() / raw.perSecond();
        double heapAfterRun = SeedBench.heapAfterGcMb();
        notes.add("latency: client side, from just before sending to the whole response read; HTTPS/1.1 on kept-alive sockets, one blocking request at a time per socket (BlockingHttps)");
        notes.add("watch-delivery: from the write's start (just before its POST is sent) to the event's arrival at a watcher;"
                + " watch-after-ack: from the write's response to the event's arrival (0 if the event came first)");
        notes.add("the seed, its embedded PostgreSQL's client side and the bench clients share this JVM and the machine's CPUs;"
                + " PostgreSQL runs as a separate process on the same machine");
        notes.add("machine load average (1/5/15 min) before the preload: " + loadBefore + ", after: " + loadAverage()
                + " (other processes on the machine compete for the same CPUs)");
        notes.add("heap: MemoryMXBean used heap after System.gc(), of the whole JVM (seed + bench clients)");
        return new ApiFigures(machine(), settings.objects(), clients, d.toSeconds(), preloadSeconds, ops, ratio,
                heapAfterPreload, heapAfterRun, notes);
    }

    private OpStats update(Seed seed, SeedHttp http, BenchObjects objects) throws InterruptedException {
        int clients = settings.clients();
        // each client updates its own objects (no conflicts between clients), keeping the resourceVersion it got back
        String[][] versions = new String[clients][UPDATE_SET];
        long[][] index = new long[clients][UPDATE_SET];
        for (int c = 0; c < clients; c++) {
            for (int k = 0; k < UPDATE_SET; k++) {
                long i = ((long) k * clients + c) % objects.objects();
                index[c][k] = i;
                versions[c][k] = seed.store().get(new ResourceKey("core/configmaps", BenchObjects.namespace(i), BenchObjects.name(i)))
                        .map(o -> o.path("metadata").path("resourceVersion").asText()).orElseThrow();
            }
        }
        Phase.Op updates = (c, seq) -> {
            int k = (int) (seq % UPDATE_SET);
            long i = index[c][k];
            String ns = BenchObjects.namespace(i), name = BenchObjects.name(i);
            var r = http.put(BenchObjects.path(ns, name), BenchObjects.json(ns, name, "bench", objects.bucket(i), seq + 1, versions[c][k]));
            if (r.ok()) {
                versions[c][k] = BenchObjects.resourceVersion(r.body());
            } else {
                // a conflict or an error: take the current version for the next round, count a failure
                versions[c][k] = seed.store().get(new ResourceKey("core/configmaps", ns, name))
                        .map(o -> o.path("metadata").path("resourceVersion").asText()).orElse(versions[c][k]);
            }
            return r.ok();
        };
        warmUp("updates", updates);   // the versions it gets back carry over to the measured phase
        say("update: " + settings.duration().toSeconds() + " s");
        return Phase.run(ApiFigures.UPDATE, clients, settings.duration(), updates);
    }

    /** Creates a new ConfigMap per call, named {@code prefix<client>-<seq>}, round-robin over the namespaces. */
    private Phase.Op creates(SeedHttp http, String prefix) {
        int clients = settings.clients();
        return (c, seq) -> {
            String ns = BenchObjects.namespace(seq * clients + c);
            return http.post(BenchObjects.collection(ns), BenchObjects.json(ns, prefix + c + "-" + seq, "bench-new", null, 0, null)).ok();
        };
    }

    /** Runs one measured phase of {@code op} and adds a note of where its CPU went ({@link CpuMeter}). */
    private OpStats metered(String figure, String label, Phase.Op op, long postmaster, List<String> cpuNotes) throws InterruptedException {
        CpuMeter cpu = CpuMeter.now(postmaster);
        OpStats stats = Phase.run(figure, settings.clients(), settings.duration(), op);
        cpuNotes.add(CpuMeter.now(postmaster).since(cpu, label, stats.count()));
        return stats;
    }

    private void warmUp(String what, Phase.Op op) throws InterruptedException {
        say("warming up: " + PHASE_WARM_UP.toSeconds() + " s of " + what + " (not measured)");
        Phase.warmUp(settings.clients(), PHASE_WARM_UP, op);
    }

    private static SeedHttp.Reply get(SeedHttp http, BenchObjects objects) throws IOException, InterruptedException {
        long i = ThreadLocalRandom.current().nextLong(objects.objects());
        return http.get(BenchObjects.path(BenchObjects.namespace(i), BenchObjects.name(i)));
    }

    private static SeedHttp.Reply list(SeedHttp http, BenchObjects objects) throws IOException, InterruptedException {
        int b = ThreadLocalRandom.current().nextInt(objects.buckets());
        return http.get("/api/v1/configmaps?labelSelector=bucket%3Db" + b);
    }

    private void createNamespaces(SeedHttp http) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < BenchObjects.NAMESPACES; i++) names.add(BenchObjects.namespace(i));
        names.add(BenchObjects.WATCH_NAMESPACE);
        for (String n : names) {
            var r = http.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + n + "\"}}");
            if (!r.ok() && r.status() != 409) throw new IOException("cannot create namespace " + n + ": HTTP " + r.status() + " " + r.body());
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String machine() {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs" + (cpu.isEmpty() ? "" : " (" + cpu + ")")
                + ", Java " + Runtime.version().feature() + ", " + System.getProperty("os.name")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB";
    }

    private void say(String s) {
        progress.println(s);
        progress.flush();
    }
}
