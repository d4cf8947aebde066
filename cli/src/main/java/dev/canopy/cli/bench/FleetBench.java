package dev.canopy.cli.bench;

import static dev.canopy.cli.bench.SeedBench.*;
import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.agent.SimulatedDriver;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.backbone.TrustChain;
import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.output.Output;
import dev.canopy.cli.output.TablePrinter;
import dev.canopy.server.Seed;
import dev.canopy.server.fleet.FleetOptions;
import dev.canopy.server.fleet.SimulatedFleet;
import dev.canopy.server.fleet.nats.NatsBackbone;
import dev.canopy.store.ListOptions;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canopy bench fleet}: a seed in this JVM on its managed nats-server with N simulated clusters, each
 * agent on its own NATS connection with its own user JWT. Measures the time until all are Ready, then per
 * round a change that reaches every cluster (a Tenant placed on all of them: API write, tenant controller,
 * fleet hub, a delta per cluster over NATS, the agent's apply) — per-cluster latency from the API write to
 * the namespace on the simulated cluster — against the floor of raw NATS request/reply fanned out to N
 * subjects on the same server, and the heap. Progress to stderr.
 */
@Command(name = "fleet", sortOptions = false, description = "Benchmark the fleet on real NATS: N simulated clusters with per-agent JWTs.")
public final class FleetBench extends CanopyCommand {
    @Option(names = "--clusters", defaultValue = "100", description = "Simulated clusters (default ${DEFAULT-VALUE}).")
    int clusters;
    @Option(names = "--rounds", defaultValue = "5", description = "Changes reaching every cluster, measured one after the other (default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--heartbeat", defaultValue = "10", description = "Agent heartbeat interval in seconds (default ${DEFAULT-VALUE}).")
    int heartbeat;

    public record Result(int clusters, int rounds, double seedStartSeconds, double allReadySeconds, Stats seedSide, Stats change, Stats natsFloor,
                         double ratioP50, double heapBeforeMb, double heapAfterMb, HubPasses hubPasses) {}

    /** The fleet hub's recomputation passes during the measured rounds (each includes publishing the deltas). */
    public record HubPasses(long passes, double meanMs, double maxMs) {}

    public record Stats(long samples, double p50Ms, double p99Ms, double maxMs) {
        static Stats of(Histogram h) {
            return new Stats(h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (clusters < 1 || rounds < 1) {
            err().println("error: --clusters and --rounds must be at least 1");
            return 2;
        }
        Path dir = Files.createTempDirectory("canopy-bench-fleet");
        System.setProperty("org.slf4j.simpleLogger.logFile", dir.resolve("seed.log").toString());
        double heapBefore = heapAfterGcMb();
        progress("starting a seed with a managed nats-server and " + clusters + " simulated clusters in " + dir);
        long t0 = System.nanoTime();
        try (Seed seed = Seed.start(new Seed.Config(dir, 0, "example.org", null),
                FleetOptions.defaults().withSimulatedClusters(clusters).withHeartbeat(Duration.ofSeconds(heartbeat)).withNats("managed", 0))) {
            double started = secondsSince(t0);
            while (ready(seed) < clusters) {
                if (secondsSince(t0) > 600) throw new IllegalStateException("only " + ready(seed) + " of " + clusters + " clusters Ready after 10 minutes");
                Thread.sleep(20);
            }
            double allReady = secondsSince(t0);
            progress(String.format("seed started in %.1f s; all %d clusters Ready after %.1f s", started, clusters, allReady));
            double heapAfter = heapAfterGcMb();

            BenchHttp http = BenchHttp.admin(seed.adminKubeconfig());
            SimulatedFleet sim = seed.fleet().simulated().orElseThrow();
            Map<String, SimulatedDriver> drivers = new HashMap<>();
            for (String n : sim.names()) drivers.put(n, sim.driver(n).orElseThrow());
            Histogram change = new Histogram(3);
            Histogram seedSide = new Histogram(3);
            for (int r = 0; r <= rounds; r++) {   // round 0 warms up (JIT, first tenant), not measured
                String tenant = "fleetbench" + r;
                long w = System.nanoTime();
                BenchHttp.Response resp = http.post("/apis/tenancy.canopy.dev/v1alpha1/namespaces/tenant-root/tenants", """
                        {"apiVersion":"tenancy.canopy.dev/v1alpha1","kind":"Tenant","metadata":{"name":"%s"},
                         "spec":{"placement":{"matchExpressions":[{"key":"env","operator":"Exists"}]}}}""".formatted(tenant));
                if (resp.code() != 201) throw new IllegalStateException("tenant create failed: " + resp.code() + " " + resp.body());
                awaitInStore(seed, "tenant-" + tenant, w, r == 0 ? new Histogram(3) : seedSide);
                awaitEverywhere(drivers, "tenant-" + tenant, w, r == 0 ? new Histogram(3) : change);
                if (r == 0) {
                    seed.fleet().hub().takePassStats();
                    progress("warm-up round done");
                    continue;
                }
                progress(String.format("round %d/%d: the change reached all %d clusters (p50 so far %.1f ms)", r, rounds, clusters, change.getValueAtPercentile(50) / 1e6));
            }
            var passes = seed.fleet().hub().takePassStats();
            Histogram floor = natsFloor(seed.fleet().nats().orElseThrow(), clusters, rounds);
            Stats c = Stats.of(change), f = Stats.of(floor);
            Result res = new Result(clusters, rounds, started, allReady, Stats.of(seedSide), c, f, f.p50Ms() == 0 ? 0 : c.p50Ms() / f.p50Ms(), heapBefore, heapAfter,
                    new HubPasses(passes.passes(), passes.meanMs(), passes.maxMs()));
            if (output().structured()) Output.print(output(), res, out());
            else print(res);
            return 0;
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // a temporary directory left behind is harmless
            }
        }
    }

    static int ready(Seed seed) {
        int n = 0;
        for (JsonNode c : seed.store().list(ListOptions.all(FleetKinds.CLUSTERS)).items()) {
            for (JsonNode cond : c.path("status").path("conditions")) {
                if ("Ready".equals(cond.path("type").asText()) && "True".equals(cond.path("status").asText())) n++;
            }
        }
        return n;
    }

    /** The seed's own part: until the tenant controller has written the tenant's namespace (polled every ms). */
    static void awaitInStore(Seed seed, String ns, long since, Histogram into) throws InterruptedException {
        var key = dev.canopy.store.ResourceKey.cluster("core/namespaces", ns);
        while (seed.store().get(key).isEmpty()) {
            if ((System.nanoTime() - since) > TimeUnit.MINUTES.toNanos(5)) throw new IllegalStateException("namespace " + ns + " never created");
            Thread.sleep(1);
        }
        into.recordValue(Math.max(1, System.nanoTime() - since));
    }

    /** Polls every simulated cluster until the namespace is there; one latency per cluster from {@code since}. */
    static void awaitEverywhere(Map<String, SimulatedDriver> drivers, String ns, long since, Histogram into) throws InterruptedException {
        List<String> left = new ArrayList<>(drivers.keySet());
        while (!left.isEmpty()) {
            long now = System.nanoTime();
            left.removeIf(c -> {
                if (drivers.get(c).get("Namespace", null, ns).isEmpty()) return false;
                into.recordValue(Math.max(1, now - since));
                return true;
            });
            if ((now - since) > TimeUnit.MINUTES.toNanos(5)) throw new IllegalStateException(left.size() + " clusters never got " + ns);
            Thread.sleep(1);
        }
    }

    /**
     * The floor: raw request/reply on the same nats-server, one request per cluster subject fanned out at once
     * (responders spread over up to 50 seed-user connections), per-request latency.
     */
    static Histogram natsFloor(NatsBackbone nats, int n, int rounds) throws Exception {
        TrustChain chain = nats.chain();
        int k = Math.min(50, n);
        List<Connection> responders = new ArrayList<>();
        Connection requester = NatsBackbone.connect(nats.url(), chain.seedUser("bench-requester"), null, "bench-requester");
        try {
            for (int i = 0; i < k; i++) responders.add(NatsBackbone.connect(nats.url(), chain.seedUser("bench-responder-" + i), null, "bench-responder-" + i));
            for (int i = 0; i < n; i++) {
                Connection c = responders.get(i % k);
                Dispatcher d = c.createDispatcher(m -> c.publish(m.getReplyTo(), m.getData()));
                d.subscribe("fleet.floor-" + i + ".rpc");
            }
            for (Connection c : responders) c.flush(Duration.ofSeconds(10));
            Histogram h = new Histogram(3);
            byte[] body = "{\"v\":1,\"type\":\"ping\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int r = 0; r < rounds + 1; r++) {   // the first round warms up
                boolean measure = r > 0;
                long t = System.nanoTime();
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    all.add(requester.requestWithTimeout("fleet.floor-" + i + ".rpc", body, Duration.ofSeconds(30))
                            .thenAccept(m -> { if (measure) synchronized (h) { h.recordValue(Math.max(1, System.nanoTime() - t)); } }));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            return h;
        } finally {
            requester.close();
            for (Connection c : responders) c.close();
        }
    }

    private void print(Result r) {
        out().printf("fleet: %d simulated clusters on a managed nats-server, one connection and user JWT per agent%n", r.clusters());
        out().printf("seed start %.1f s; all clusters Ready %.1f s after start; heap %.0f MB before, %.0f MB with the fleet running (after GC)%n%n",
                r.seedStartSeconds(), r.allReadySeconds(), r.heapBeforeMb(), r.heapAfterMb());
        TablePrinter t = TablePrinter.columns("MEASURE", "SAMPLES", "P50", "P99", "MAX");
        t.row("tenant namespace written in the seed (API write → controller)", r.seedSide().samples(), ms(r.seedSide().p50Ms()), ms(r.seedSide().p99Ms()), ms(r.seedSide().maxMs()));
        t.row("change applied on every cluster (API write → agent)", r.change().samples(), ms(r.change().p50Ms()), ms(r.change().p99Ms()), ms(r.change().maxMs()));
        t.row("raw NATS request/reply fan-out (floor)", r.natsFloor().samples(), ms(r.natsFloor().p50Ms()), ms(r.natsFloor().p99Ms()), ms(r.natsFloor().maxMs()));
        t.print(out(), false);
        out().printf("%nchange p50 / floor p50 = %.1f×%n", r.ratioP50());
        out().printf("fleet hub during the rounds: %d recomputation passes, mean %.1f ms, max %.1f ms (each with its deltas)%n",
                r.hubPasses().passes(), r.hubPasses().meanMs(), r.hubPasses().maxMs());
        out().flush();
    }

    private static String ms(double v) { return String.format("%.1f ms", v); }

    private void progress(String s) {
        err().println("bench fleet: " + s);
        err().flush();
    }

}
