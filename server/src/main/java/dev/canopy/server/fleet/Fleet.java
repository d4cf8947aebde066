package dev.canopy.server.fleet;

import dev.canopy.agent.transport.AgentLink;
import dev.canopy.agent.transport.CombinedSeedLink;
import dev.canopy.agent.transport.InProcessBus;
import dev.canopy.agent.transport.NatsAgentLink;
import dev.canopy.agent.transport.NatsSeedLink;
import dev.canopy.agent.transport.OwnedConnectionLink;
import dev.canopy.agent.transport.SeedLink;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.server.Closer;
import dev.canopy.server.fleet.nats.NatsBackbone;
import dev.canopy.server.fleet.registration.Registration;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The fleet wiring of a seed (see README.md in this package): the {@link FleetHub} on the in-process
 * backbone or, with {@code --nats}, on real NATS ({@link NatsBackbone}; hosted agents stay in-process), in-process
 * agents of Hosted clusters ({@link HostedAgents}) and, when asked, simulated clusters with their agents.
 * Keeps {@code Seed} to a few lines. Start once; the parts it hands out are thread-safe.
 */
public final class Fleet implements AutoCloseable {
    private final Closer parts = new Closer("the fleet");
    private FleetHub hub;
    private InProcessBus bus;
    private SimulatedFleet simulated;
    private NatsBackbone nats;
    private Registration registration;

    private Fleet() {}

    /** The in-process backbone only. */
    public static Fleet start(ResourceStore store, FleetOptions options, Clock clock) {
        return start(store, null, null, options, clock);
    }

    /**
     * @param settings the store's shared settings (the NATS trust chain lives there); needed with {@code --nats}
     * @param dataDir  the seed's data directory (a managed nats-server keeps its files in {@code nats/})
     */
    public static Fleet start(ResourceStore store, Settings settings, Path dataDir, FleetOptions options, Clock clock) {
        Fleet f = new Fleet();
        try {
            f.boot(store, settings, dataDir, options, clock);
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private void boot(ResourceStore store, Settings settings, Path dataDir, FleetOptions options, Clock clock) {
        Codec codec = Codec.standard();
        bus = parts.add(new InProcessBus(codec));   // closed twice at most (also by the hub's link): idempotent
        SeedLink link = bus;
        Function<String, AgentLink> simulatedLinks = bus::agentLink;
        if (options.nats() != null) {
            if (settings == null) throw new IllegalStateException("--nats needs the store's settings");
            nats = parts.add(NatsBackbone.start(options.nats(), options.natsPort(), options.natsLeafPort(), settings, dataDir, clock));
            link = new CombinedSeedLink(bus, new NatsSeedLink(nats.seedConnection(), codec));
            NatsBackbone b = nats;
            simulatedLinks = cluster -> {
                io.nats.client.Connection c = b.agentConnection(cluster);
                return new OwnedConnectionLink(c, new NatsAgentLink(c, cluster, codec));
            };
        }
        hub = parts.add(new FleetHub(store, link, sources(), options.heartbeatInterval(), clock).start());
        if (nats != null) registration = parts.add(Registration.start(store, settings, nats, codec, options.heartbeatInterval(), clock));
        if (options.simulateClusters() > 0) {
            simulated = parts.add(SimulatedFleet.start(store, simulatedLinks, options.simulateClusters(), options.heartbeatInterval(), clock));
        }
        parts.add(new HostedAgents(store, bus, hub, options.heartbeatInterval(), clock).start());
    }

    /** What clusters hold, in order (see {@link DesiredObjects}); a new payload adds its source here. */
    static java.util.List<DesiredObjects> sources() {
        return java.util.List.of(new Placement(), new dev.canopy.server.kiosk.SpacePlacement(), new dev.canopy.server.templates.TemplatePlacement());
    }

    public FleetHub hub() { return hub; }

    public InProcessBus bus() { return bus; }

    public Optional<SimulatedFleet> simulated() { return Optional.ofNullable(simulated); }

    /** The NATS backbone, when the seed runs with {@code --nats}. */
    public Optional<NatsBackbone> nats() { return Optional.ofNullable(nats); }


    /** Leaf registration (signups, approvals, revocations), when the seed runs on NATS. */
    public Optional<Registration> registration() { return Optional.ofNullable(registration); }

    @Override
    public void close() {
        parts.close();
    }
}
