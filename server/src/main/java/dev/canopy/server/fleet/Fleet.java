package dev.canopy.server.fleet;

import dev.canopy.agent.transport.InProcessBus;
import dev.canopy.store.ResourceStore;
import java.time.Clock;
import java.util.Optional;

/**
 * The fleet wiring of a seed (see README.md in this package): the {@link FleetHub} on the in-process
 * backbone, in-process agents of Hosted clusters ({@link HostedAgents}) and, when asked, simulated
 * clusters with their agents. Keeps {@code Seed} to a few lines.
 * Start once; the parts it hands out are thread-safe.
 */
public final class Fleet implements AutoCloseable {
    private final FleetHub hub;
    private final InProcessBus bus;
    private final SimulatedFleet simulated;
    private final HostedAgents hosted;

    private Fleet(FleetHub hub, InProcessBus bus, SimulatedFleet simulated, HostedAgents hosted) {
        this.hub = hub;
        this.bus = bus;
        this.simulated = simulated;
        this.hosted = hosted;
    }

    public static Fleet start(ResourceStore store, FleetOptions options, Clock clock) {
        InProcessBus bus = new InProcessBus();
        FleetHub hub = new FleetHub(store, bus, sources(), options.heartbeatInterval(), clock).start();
        SimulatedFleet sim = options.simulateClusters() > 0
                ? SimulatedFleet.start(store, bus, options.simulateClusters(), options.heartbeatInterval(), clock) : null;
        HostedAgents hosted = new HostedAgents(store, bus, hub, options.heartbeatInterval(), clock).start();
        return new Fleet(hub, bus, sim, hosted);
    }

    /** What clusters hold, in order (see {@link DesiredObjects}); a new payload adds its source here. */
    static java.util.List<DesiredObjects> sources() {
        return java.util.List.of(new Placement(), new dev.canopy.server.kiosk.SpacePlacement());
    }

    public FleetHub hub() { return hub; }

    public InProcessBus bus() { return bus; }

    public Optional<SimulatedFleet> simulated() { return Optional.ofNullable(simulated); }

    @Override
    public void close() {
        hosted.close();
        if (simulated != null) simulated.close();
        hub.close();
    }
}
