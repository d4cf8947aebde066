package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.agent.Agent;
import dev.canopy.agent.SimulatedDriver;
import dev.canopy.agent.transport.AgentLink;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code canopy up --simulate-clusters N}: clusters {@code sim-1 … sim-N}, labelled {@code env} dev/prod
 * alternating and {@code region} eu-1/us-1 alternating in pairs, annotated as simulated, each served by
 * an in-process {@link Agent} over a {@link SimulatedDriver}; its link is the in-process bus's or, on NATS,
 * a connection of its own with its own user JWT. Creating the
 * Cluster objects is idempotent (existing ones, and their labels, are kept). Thread-safe.
 */
public final class SimulatedFleet implements AutoCloseable {
    public static final String SIMULATED_ANNOTATION = "fleet.canopy.dev/simulated";
    private final Map<String, Agent> agents = new ConcurrentHashMap<>();
    private final java.util.function.Function<String, AgentLink> links;

    private SimulatedFleet(java.util.function.Function<String, AgentLink> links) { this.links = links; }

    /** @param links opens the link of one cluster's agent (called again when an agent is restarted) */
    public static SimulatedFleet start(ResourceStore store, java.util.function.Function<String, AgentLink> links, int n,
                                       Duration heartbeat, Clock clock) {
        SimulatedFleet f = new SimulatedFleet(links);
        for (int i = 1; i <= n; i++) {
            String name = "sim-" + i;
            ensureCluster(store, name, Map.of("env", i % 2 == 1 ? "dev" : "prod", "region", ((i - 1) / 2) % 2 == 0 ? "eu-1" : "us-1"));
            f.startAgent(name, heartbeat, clock);
        }
        return f;
    }

    /** Starts (or restarts) the agent of {@code name} with a fresh simulated driver. */
    public Agent startAgent(String name, Duration heartbeat, Clock clock) {
        Agent a = new Agent(name, new SimulatedDriver(), links.apply(name), Agent.Options.defaults().withHeartbeat(heartbeat), clock).start();
        Agent old = agents.put(name, a);
        if (old != null) old.close();
        return a;
    }

    static void ensureCluster(ResourceStore store, String name, Map<String, String> labels) {
        ResourceKey key = ResourceKey.cluster(FleetKinds.CLUSTERS, name);
        if (store.get(key).isPresent()) return;
        ObjectNode c = Json.object();
        c.put("apiVersion", FleetKinds.GROUP + "/" + FleetKinds.VERSION).put("kind", "Cluster");
        ObjectNode md = c.putObject("metadata").put("name", name);
        labels.forEach(md.withObject("labels")::put);
        md.putObject("annotations").put(SIMULATED_ANNOTATION, "true");
        c.putObject("spec").putObject("connection").put("mode", "Agent").put("direction", "LeafDials");
        try {
            store.create(key, c);
        } catch (ApiException e) {
            if (e.code() != 409) throw e;
        }
    }

    public List<String> names() { return agents.keySet().stream().sorted().toList(); }

    public Optional<Agent> agent(String name) { return Optional.ofNullable(agents.get(name)); }

    /** The simulated cluster's driver (its objects), for tests and demos. */
    public Optional<SimulatedDriver> driver(String name) { return agent(name).map(a -> (SimulatedDriver) a.driver()); }

    /** Stops one agent (its heartbeats stop; the cluster keeps its objects). */
    public void stop(String name) {
        Agent a = agents.remove(name);
        if (a != null) a.close();
    }

    @Override
    public void close() {
        agents.values().forEach(Agent::close);
        agents.clear();
    }
}
