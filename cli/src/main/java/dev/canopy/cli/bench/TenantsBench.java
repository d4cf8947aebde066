package dev.canopy.cli.bench;

import static dev.canopy.cli.bench.SeedBench.*;
import dev.canopy.api.Json;
import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.output.Output;
import dev.canopy.cli.output.TablePrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canopy bench tenants}: issue 3's speed targets. Starts an embedded seed in a temporary
 * directory (in this JVM), creates a tenant tree ({@link TreePlan}) over HTTPS with concurrent creates,
 * gives {@code --users} users one {@code canopy:tenant:*} RoleBinding each in a random tenant, then
 * measures a user's cluster-wide filtered {@code GET .../tenants} and a tenant create under ancestors
 * with {@code resourceQuotas}, and the heap after a full GC. Prints a table with the targets, or JSON
 * with {@code -o json}. Progress goes to stderr.
 */
@Command(name = "tenants", sortOptions = false, description = "Benchmark the tenant tree: filtered list, create with quotas, heap (embedded seed).")
public final class TenantsBench extends CanopyCommand {
    static final String TENANTS = "/apis/tenancy.canopy.dev/v1alpha1";
    private static final List<String> ROLES = List.of("view", "use", "admin", "super-admin");

    @Option(names = "--tenants", defaultValue = "10000", description = "Tenants in the tree (default ${DEFAULT-VALUE}).")
    int tenants;
    @Option(names = "--depth", defaultValue = "6", description = "Levels below tenant-root (default ${DEFAULT-VALUE}).")
    int depth;
    @Option(names = "--users", defaultValue = "1000", description = "Users, one tenant RoleBinding each (default ${DEFAULT-VALUE}).")
    int users;
    @Option(names = "--samples", defaultValue = "300", description = "Measured requests per operation (default ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--concurrency", defaultValue = "8", description = "Concurrent creates while loading (default ${DEFAULT-VALUE}).")
    int concurrency;

    /** The whole result, as printed with {@code -o json}. */
    record Result(int tenants, int depth, int users, double loadSeconds, double settleSeconds, double heapBeforeMb, double heapAfterMb,
                  double avgVisibleTenants, List<Latency> latencies, String note) {}

    @Override
    public Integer call() throws Exception {
        Result r = withSeed("tenants", this::progress, this::run);
        if (output().structured()) Output.print(output(), r, out());
        else print(r);
        return r.latencies().stream().allMatch(Latency::met) ? 0 : 1;
    }

    private Result run(BenchHttp http) throws Exception {
        double heapBefore = heapAfterGcMb();
        TreePlan plan = TreePlan.of(tenants, depth);
        int branching = plan.levels().get(0).size();
        long t0 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        for (int level = 0; level < plan.levels().size(); level++) {
            String quota = level == 0 ? quota(10_000_000L) : level == 1 ? quota(10_000_000L / Math.max(1, branching)) : null;
            List<Callable<Void>> calls = new ArrayList<>();
            for (TreePlan.Tenant t : plan.levels().get(level)) {
                calls.add(() -> {
                    create(http, TENANTS + "/namespaces/" + t.parentNamespace() + "/tenants", tenant(t.name(), quota));
                    int n = done.incrementAndGet();
                    if (n % Math.max(1, plan.size() / 20) == 0) progress(String.format("created %,d/%,d tenants (%.0f/s)", n, plan.size(), n / secondsSince(t0)));
                    return null;
                });
            }
            runAll(calls);
        }
        double load = secondsSince(t0);
        progress(String.format("tree of %,d tenants created in %.1f s; binding %,d users", plan.size(), load, users));
        List<TreePlan.Tenant> all = plan.all();
        Random rnd = new Random(42);
        List<Callable<Void>> bindings = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String ns = all.get(rnd.nextInt(all.size())).namespace();
            String body = binding("bench-user" + u, ROLES.get(rnd.nextInt(ROLES.size())), "user" + u);
            bindings.add(() -> { create(http, "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings", body); return null; });
        }
        runAll(bindings);
        long t1 = System.nanoTime();
        TreePlan.Tenant last = all.get(all.size() - 1);
        awaitReady(http, TENANTS + "/namespaces/" + last.parentNamespace() + "/tenants/" + last.name());
        awaitQuiet(http);
        double settle = secondsSince(t1);
        progress(String.format("controllers settled in %.1f s (last tenant Ready, no write for 3 s); measuring", settle));
        double heapAfter = heapAfterGcMb();

        List<Latency> out = new ArrayList<>();
        long[] visible = new long[1];
        out.add(measure("list tenants -A (as a user)", "p99 ≤ 20 ms", 20, samples, i -> {
            BenchHttp.Response r = http.get(TENANTS + "/tenants", "user" + rnd.nextInt(Math.max(1, users)));
            check(r, 200);
            return r;
        }, r -> visible[0] += items(r)));
        List<TreePlan.Tenant> parents = plan.levels().get(Math.max(0, plan.levels().size() - 2));
        out.add(measure("create tenant (quotas on ancestors)", "p99 ≤ 30 ms", 30, samples, i -> {
            TreePlan.Tenant p = parents.get(rnd.nextInt(parents.size()));
            check(http.post(TENANTS + "/namespaces/" + p.namespace() + "/tenants", tenant(i < 0 ? "warm" + (-i) : "bench" + i, null)), 201);
        }));
        double avgVisible = visible[0] / (double) (samples + warmup(samples));
        return new Result(plan.size(), plan.levels().size(), users, load, settle, heapBefore, heapAfter, avgVisible, out,
                "heap is the whole JVM (seed server and this benchmark's client; PostgreSQL runs as a separate process)");
    }

    private void print(Result r) {
        TablePrinter t = latencyTable(r.latencies());
        double heapTarget = 256;
        t.row("server heap after GC", "", String.format("%.0f MB", r.heapAfterMb()), "", "", "≤ 256 MB", r.heapAfterMb() <= heapTarget ? "yes" : "NO");
        t.print(out(), false);
        out().printf("%n%,d tenants, depth %d, %,d users; loaded in %.1f s, controllers settled %.1f s later; heap %.0f MB before the tree, "
                + "%.0f MB after; a user sees %.1f tenants on average.%n%s.%n", r.tenants(), r.depth(), r.users(), r.loadSeconds(), r.settleSeconds(),
                r.heapBeforeMb(), r.heapAfterMb(), r.avgVisibleTenants(), r.note());
        out().flush();
    }

    private void runAll(List<Callable<Void>> calls) throws Exception {
        Semaphore permits = new Semaphore(Math.max(1, concurrency));
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> fs = new ArrayList<>();
            for (Callable<Void> c : calls) {
                fs.add(exec.submit(() -> {
                    permits.acquire();
                    try {
                        return c.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<Void> f : fs) f.get();
        }
    }

    /** Creates, retrying also while the parent is not yet in the seed's cache (422) or its namespace not created (404). */
    private static void create(BenchHttp http, String path, String body) throws Exception {
        SeedBench.create(http, path, body, 600, code -> code == 404 || code == 422);
    }

    private static void awaitReady(BenchHttp http, String path) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            BenchHttp.Response r = http.get(path, null);
            if (r.code() == 200) {
                for (var c : Json.parseYaml(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("status").path("conditions")) {
                    if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(path + " did not become Ready within 10 minutes");
    }

    static String tenant(String name, String quota) {
        return "{\"apiVersion\":\"tenancy.canopy.dev/v1alpha1\",\"kind\":\"Tenant\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                + (quota == null ? "" : "\"resourceQuotas\":" + quota) + "}}";
    }

    /** Quotas for an ancestor: {@code tenants} (checked by every tenant create below it) plus cpu, memory and apps. */
    static String quota(long tenants) {
        return "{\"tenants\":\"" + tenants + "\",\"cpu\":\"" + tenants + "\",\"memory\":\"" + tenants + "Gi\",\"apps\":\"" + tenants + "\"}";
    }

    static String binding(String name, String role, String user) {
        return "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"canopy:tenant:" + role + "\"},"
                + "\"subjects\":[{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"" + user + "\"}]}";
    }

    private void progress(String s) {
        err().println("bench tenants: " + s);
        err().flush();
    }
}
