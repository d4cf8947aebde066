package dev.canopy.agent.leaf;

import dev.canopy.agent.ClusterDriver;
import dev.canopy.agent.KubernetesDriver;
import dev.canopy.agent.SimulatedDriver;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/canopy-agent}: a leaf cluster's agent. Exit codes: 0 stopped by a signal, 1 refused or
 * revoked by the seed (the reason is printed), 2 a usage error.
 */
@Command(name = "canopy-agent", mixinStandardHelpOptions = true, version = "canopy-agent " + dev.canopy.agent.Agent.VERSION,
        description = {"Joins a leaf cluster to a Canopy seed over NATS and applies what the seed wants there.",
                "The first start signs up with a one-time token (canopy cluster token) and waits for an operator",
                "(canopy cluster approve NAME); the agent's key and JWT stay in --state-dir for later starts."})
public final class LeafMain implements Callable<Integer> {
    @Option(names = "--seed", required = true, paramLabel = "NATS-URL", description = "The seed's NATS URL, e.g. nats://seed.example.org:4222")
    String seed;

    @Option(names = "--token", paramLabel = "TOKEN", description = "One-time bootstrap token (needed only until approved)")
    String token;

    @Option(names = "--name", required = true, description = "The cluster's name in the fleet (a DNS-1123 label)")
    String name;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label for the Cluster; repeat for several")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the cluster to manage (default: in-cluster or ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--simulated", description = "Manage an in-memory simulated cluster instead of a real one")
    boolean simulated;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the agent keeps its key and JWT (default: ~/.canopy-agent/NAME)")
    Path stateDir;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", description = "Heartbeat interval (default: ${DEFAULT-VALUE})")
    int heartbeatSeconds = 10;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LeafMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".canopy-agent", name);
        ClusterDriver driver;
        if (simulated) {
            driver = new SimulatedDriver();
        } else {
            Config c = kubeconfig != null ? Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()) : Config.autoConfigure(null);
            driver = new KubernetesDriver(new KubernetesClientBuilder().withConfig(c).build());
        }
        Leaf leaf;
        try {
            leaf = Leaf.start(new Leaf.Config(seed, token, name, labels, dir, Duration.ofSeconds(5), Duration.ofSeconds(heartbeatSeconds)),
                    driver, m -> System.out.println("canopy-agent: " + m));
        } catch (SignupClient.Refused e) {
            System.err.println("canopy-agent: refused: " + e.getMessage());
            return 1;
        }
        System.out.println("canopy-agent: " + name + " connected to " + seed + " (driver: " + driver.name() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(leaf::close, "canopy-agent-stop"));
        leaf.awaitStopped();
        if (leaf.stopReason() != null && !leaf.stopReason().equals("stopped")) {
            System.err.println("canopy-agent: " + leaf.stopReason());
            return 1;
        }
        return 0;
    }
}
