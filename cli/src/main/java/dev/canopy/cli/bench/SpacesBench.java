package dev.canopy.cli.bench;

import static dev.canopy.cli.bench.SeedBench.*;
import dev.canopy.api.Json;
import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.output.Output;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canopy bench spaces}: issue 5's speed targets. Starts an embedded seed in a temporary directory (in
 * this JVM), registers one Cluster (no agent: Spaces name it, so nothing waits for readiness), creates
 * {@code --accounts} Accounts (user {@code user<i>} is the subject of {@code account<i>}) and
 * {@code --spaces} Spaces spread evenly over them, then measures {@code GET .../spaces} as a user (who sees
 * one account's Spaces) and a Space create as its account's subject. Prints a table with the targets, or JSON
 * with {@code -o json}. Progress goes to stderr.
 */
@Command(name = "spaces", sortOptions = false, description = "Benchmark kiosk Spaces: a user's list, a create (embedded seed).")
public final class SpacesBench extends CanopyCommand {
    static final String KIOSK = "/apis/tenancy.kiosk.sh/v1alpha1";

    @Option(names = "--spaces", defaultValue = "100000", description = "Spaces to create (default ${DEFAULT-VALUE}).")
    int spaces;
    @Option(names = "--accounts", defaultValue = "1000", description = "Accounts, one user each (default ${DEFAULT-VALUE}).")
    int accounts;
    @Option(names = "--samples", defaultValue = "300", description = "Measured requests per operation (default ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--concurrency", defaultValue = "16", description = "Concurrent creates while loading (default ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--cluster-samples", defaultValue = "50", description = "Spaces timed until they are on the simulated cluster (default ${DEFAULT-VALUE}).")
    int clusterSamples;

    /** The simulated cluster the timed Spaces go to (the seed starts one; the bulk goes to "bench", which has no agent). */
    static final String SIM = "sim-1";
    static final String TEMPLATE = "bench-restrictions";

    /** @param heapMb used heap after a full GC once loaded and quiet, the whole JVM (seed and bench clients) */
    record Result(int spaces, int accounts, double loadSeconds, double avgVisibleSpaces, double heapMb, List<Latency> latencies, HubPasses createPasses) {}

    /** The fleet hub's recomputation passes during the create phase: how many, how many whole, their mean and max time. */
    record HubPasses(long passes, long whole, double meanMs, double maxMs) {}

    @Override
    public Integer call() throws Exception {
        Result r = withSeed("spaces", this::progress, dev.canopy.server.fleet.FleetOptions.defaults().withSimulatedClusters(1), this::run);
        if (output().structured()) Output.print(output(), r, out());
        else print(r);
        return r.latencies().stream().allMatch(Latency::met) ? 0 : 1;
    }

    private Result run(dev.canopy.server.Seed seed, BenchHttp http) throws Exception {
        create(http, "/apis/fleet.canopy.dev/v1alpha1/clusters", "{\"apiVersion\":\"fleet.canopy.dev/v1alpha1\",\"kind\":\"Cluster\",\"metadata\":{\"name\":\"bench\"}}");
        create(http, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRoleBinding\","
                + "\"metadata\":{\"name\":\"kiosk-creator\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"kiosk-edit\"},"
                + "\"subjects\":[{\"kind\":\"Group\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"system:authenticated\"}]}");
        long t0 = System.nanoTime();
        parallel(accounts, i -> create(http, KIOSK + "/accounts", account(i)));
        progress(String.format("%,d accounts created; creating %,d spaces", accounts, spaces));
        AtomicInteger done = new AtomicInteger();
        parallel(spaces, i -> {
            create(http, KIOSK + "/spaces", space("s" + i, "account" + (i % accounts)));
            int n = done.incrementAndGet();
            if (n % Math.max(1, spaces / 20) == 0) progress(String.format("created %,d/%,d spaces (%.0f/s)", n, spaces, n / secondsSince(t0)));
        });
        double load = secondsSince(t0);
        progress("waiting until the store is quiet for 3 s (controllers caught up)");
        awaitQuiet(http);
        double heap = heapAfterGcMb();
        progress(String.format("used heap after GC: %.0f MB", heap));
        Random rnd = new Random(42);
        long[] visible = {0};
        List<Latency> out = new ArrayList<>();
        out.add(measure("list spaces (as a user)", "p99 ≤ 20 ms", 20, samples, i -> {
            BenchHttp.Response r = http.get(KIOSK + "/spaces", "user" + rnd.nextInt(accounts));
            check(r, 200);
            return r;
        }, r -> visible[0] += items(r)));
        double avg = visible[0] / (double) (samples + warmup(samples));
        seed.fleet().hub().takePassStats();
        out.add(measure("create space (as its account's subject)", "p99 ≤ 50 ms", 50, samples, i -> {
            int a = rnd.nextInt(accounts);
            check(http.post(KIOSK + "/spaces", space(i < 0 ? "warm" + (-i) : "bench" + i, "account" + a), "user" + a), 201);
        }));
        var p = seed.fleet().hub().takePassStats();
        out.add(onCluster(seed, http));
        return new Result(spaces, accounts, load, avg, heap, out, new HubPasses(p.passes(), p.whole(), p.meanMs(), p.maxMs()));
    }

    /**
     * Time from a Space's create (a POST as its account's subject) to its namespace, the account's
     * {@code space-owners} RoleBinding and the objects of the account's mandatory template all being on the
     * simulated cluster {@link #SIM} (polled every ms in its driver): admission, the store, the Space and
     * template controllers, the fleet hub, the agent's apply.
     */
    private Latency onCluster(dev.canopy.server.Seed seed, BenchHttp http) throws Exception {
        progress("timing " + clusterSamples + " spaces until they are on simulated cluster " + SIM);
        create(http, "/apis/config.kiosk.sh/v1alpha1/templates", "{\"apiVersion\":\"config.kiosk.sh/v1alpha1\",\"kind\":\"Template\",\"metadata\":{\"name\":\"" + TEMPLATE + "\"},"
                + "\"resources\":{\"manifests\":[{\"apiVersion\":\"v1\",\"kind\":\"LimitRange\",\"metadata\":{\"name\":\"space-limit-range\"},"
                + "\"spec\":{\"limits\":[{\"type\":\"Container\",\"default\":{\"cpu\":\"1\"},\"defaultRequest\":{\"cpu\":\"500m\"}}]}}]}}");
        create(http, KIOSK + "/accounts", "{\"apiVersion\":\"tenancy.kiosk.sh/v1alpha1\",\"kind\":\"Account\",\"metadata\":{\"name\":\"onsim\"},"
                + "\"spec\":{\"space\":{\"cluster\":\"" + SIM + "\",\"templateInstances\":[{\"spec\":{\"template\":\"" + TEMPLATE + "\"}}]},"
                + "\"subjects\":[{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"simuser\"}]}}");
        var driver = seed.fleet().simulated().flatMap(f -> f.driver(SIM)).orElseThrow(() -> new IllegalStateException("no simulated cluster " + SIM));
        // the warm-up's first Space also waits for the cluster's first heartbeat: not timed
        return measure("space on the cluster (namespace, RoleBinding, template)", NO_TARGET, Double.MAX_VALUE, clusterSamples,
                i -> placeAndWait(http, driver, i < 0 ? "simwarm" + (-i) : "sim" + i, Duration.ofMinutes(i < 0 ? 2 : 1)));
    }

    /** Creates Space {@code name} for account onsim and waits until all of it is on the cluster. */
    private static void placeAndWait(BenchHttp http, dev.canopy.agent.SimulatedDriver driver, String name, Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        check(http.post(KIOSK + "/spaces", space(name, "onsim"), "simuser"), 201);
        while (driver.get("Namespace", null, name).isEmpty()
                || driver.get("RoleBinding", name, dev.canopy.tenancy.kiosk.SpaceRules.OWNERS_BINDING).isEmpty()
                || driver.get("LimitRange", name, "space-limit-range").isEmpty()) {
            if (System.nanoTime() - t0 > timeout.toNanos()) throw new IllegalStateException("space " + name + " not complete on " + SIM + " after " + timeout);
            Thread.sleep(1);
        }
    }

    private void parallel(int n, Op op) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> fs = new ArrayList<>();
            for (int t = 0; t < Math.max(1, concurrency); t++) {
                fs.add(exec.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < n; ) op.run(i);
                    return null;
                }));
            }
            for (Future<Void> f : fs) f.get();
        }
    }

    private void print(Result r) {
        latencyTable(r.latencies()).print(out(), false);
        out().printf("%n%,d spaces over %,d accounts loaded in %.1f s; a user sees %.1f spaces on average. Creates exclude the cluster apply "
                + "(their Cluster has no agent); the last row times other Spaces until they are on simulated cluster %s.%n",
                r.spaces(), r.accounts(), r.loadSeconds(), r.avgVisibleSpaces(), SIM);
        out().printf("Fleet hub during the creates: %,d passes (%,d of them whole), mean %.2f ms, max %.1f ms.%n",
                r.createPasses().passes(), r.createPasses().whole(), r.createPasses().meanMs(), r.createPasses().maxMs());
        out().printf("Used heap after GC once loaded: %.0f MB of %d MB, %.1f KB per Space (the whole JVM: seed and bench clients).%n",
                r.heapMb(), Runtime.getRuntime().maxMemory() / (1024 * 1024), r.heapMb() * 1024 / Math.max(1, r.spaces()));
        out().flush();
    }

    private static void create(BenchHttp http, String path, String body) throws Exception {
        SeedBench.create(http, path, body, 100, code -> false);
    }

    static String account(int i) {
        return "{\"apiVersion\":\"tenancy.kiosk.sh/v1alpha1\",\"kind\":\"Account\",\"metadata\":{\"name\":\"account" + i + "\"},\"spec\":{\"space\":{\"cluster\":\"bench\"},"
                + "\"subjects\":[{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"user" + i + "\"}]}}";
    }

    static String space(String name, String account) {
        return "{\"apiVersion\":\"tenancy.kiosk.sh/v1alpha1\",\"kind\":\"Space\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"account\":\"" + account + "\"}}";
    }

    private void progress(String s) {
        err().println("bench spaces: " + s);
        err().flush();
    }
}
