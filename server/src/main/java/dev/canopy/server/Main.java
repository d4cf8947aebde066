package dev.canopy.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code canopy up}: starts a seed and serves until Ctrl-C (or SIGTERM), then stops cleanly. */
@Command(name = "canopy", mixinStandardHelpOptions = true, version = "canopy 0.1.0",
        subcommands = {Main.Up.class}, description = "Canopy seed server")
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start a seed: embedded PostgreSQL (or --database-url), the Kubernetes-style API over HTTPS, controllers.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Where data, certificates and admin.kubeconfig live (default: ~/.canopy)")
        Path dataDir = Path.of(System.getProperty("user.home"), ".canopy");

        @Option(names = "--port", description = "HTTPS port (default: ${DEFAULT-VALUE})")
        int port = 6443;

        @Option(names = "--domain", description = "tenant-root's domain (default: ${DEFAULT-VALUE})")
        String domain = "example.org";

        @Option(names = "--database-url", description = "jdbc:postgresql://host:port/db?user=..&password=.. for an external PostgreSQL 14+; default: embedded in the data dir")
        String databaseUrl;

        @Option(names = "--simulate-clusters", description = "Start N simulated clusters (sim-1..sim-N, labels env=dev|prod, region=eu-1|us-1), each with an in-process agent (default: ${DEFAULT-VALUE})")
        int simulateClusters = 0;

        @Option(names = "--nats", paramLabel = "managed|URL", description = "Run the fleet backbone on NATS: 'managed' starts a local nats-server (Debian's) with the seed's configuration; a nats:// URL uses a server that trusts the seed's operator. Default: in-process only")
        String nats;

        @Option(names = "--nats-port", description = "Client port of the managed nats-server (default: a free port)")
        int natsPort = 0;

        @Option(names = "--nats-leaf-port", description = "Leafnode port of the managed nats-server, for trunk relays that dial the seed (default: none)")
        int natsLeafPort = 0;

        @Option(names = "--chart-repository", paramLabel = "URL-PREFIX", description = "Allow Templates' Helm chart repositories only under this URL prefix (repeatable). Default: any http/https URL; link-local and cloud metadata addresses are always refused")
        java.util.List<String> chartRepositories = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            Seed seed = Seed.start(new Seed.Config(dataDir.toAbsolutePath(), port, domain, databaseUrl, chartRepositories),
                    dev.canopy.server.fleet.FleetOptions.defaults().withSimulatedClusters(simulateClusters).withNats(nats, natsPort).withNatsLeafPort(natsLeafPort));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("\ncanopy: stopping…");
                seed.close();
                stopped.countDown();
            }, "canopy-shutdown"));
            System.out.printf("canopy: seed ready at %s in %.1fs (data in %s)%n", seed.url(), (System.nanoTime() - t0) / 1e9, dataDir.toAbsolutePath());
            System.out.println("canopy: to use it:");
            System.out.println("  export KUBECONFIG=" + seed.adminKubeconfig());
            System.out.println("  kubectl api-resources");
            seed.fleet().nats().ifPresent(n -> System.out.println("canopy: fleet backbone on NATS at " + n.url() + " (agents: bin/canopy-agent --seed " + n.url() + " --token $(canopy cluster token) --name NAME)"));
            if (simulateClusters > 0) System.out.println("  kubectl get clusters      # " + simulateClusters + " simulated clusters (driver: simulated)");
            System.out.println("canopy: press Ctrl-C to stop");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}
