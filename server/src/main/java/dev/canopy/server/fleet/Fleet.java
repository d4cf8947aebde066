package dev.canopy.server.fleet;

import dev.canopy.server.controllers.SharedInformers;
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
 * With several replicas on one database only the leader ({@link FleetLeadership}) runs the hub, hosted agents and
 * simulated clusters; it starts them when it wins and stops them when it loses. Every replica keeps the NATS
 * backbone and registration. Keeps {@code Seed} to a few lines. Start once; the parts it hands out are thread-safe.
 */
public final class Fleet implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Fleet.class);
    private final Closer parts = new Closer("the fleet");
    private final Codec codec = Codec.standard();
    private ResourceStore store;
    private SharedInformers informers;
    private FleetOptions options;
    private Clock clock;
    private NatsBackbone nats;
    private Registration registration;
    private FleetLeadership leadership;
    /** The parts only the leader runs; null while this replica does not lead. Replaced whole on each change. */
    private volatile Term term;
    private final Object termLock = new Object();
    /** Usage listeners, attached to the hub of every term (loop thread of that hub). */
    private final java.util.List<java.util.function.BiConsumer<String, dev.canopy.backbone.protocol.StatusReport.Usage>> usageListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private Fleet() {}

    /** The in-process backbone only; this replica always leads. */
    public static Fleet start(ResourceStore store, SharedInformers informers, FleetOptions options, Clock clock) {
        return start(store, informers, null, null, options, clock);
    }

    /**
     * @param settings the store's shared settings (the NATS trust chain lives there); needed with {@code --nats}
     * @param dataDir  the seed's data directory (a managed nats-server keeps its files in {@code nats/})
     */
    public static Fleet start(ResourceStore store, SharedInformers informers, Settings settings, Path dataDir, FleetOptions options, Clock clock) {
        return start(store, informers, settings, dataDir, options, clock, null);
    }

    /**
     * @param leaderLock opens a fresh connection to the seed's database for the leader lock ({@link FleetLeadership});
     *                   null: this replica leads without asking (a single seed, or a store without PostgreSQL)
     */
    public static Fleet start(ResourceStore store, SharedInformers informers, Settings settings, Path dataDir, FleetOptions options,
                              Clock clock, FleetLeadership.Connector leaderLock) {
        Fleet f = new Fleet();
        try {
            f.informers = informers;
            f.boot(store, settings, dataDir, options, clock, leaderLock);
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private void boot(ResourceStore store, Settings settings, Path dataDir, FleetOptions options, Clock clock,
                      FleetLeadership.Connector leaderLock) {
        this.store = store;
        this.options = options;
        this.clock = clock;
        if (options.nats() != null) {
            if (settings == null) throw new IllegalStateException("--nats needs the store's settings");
            nats = parts.add(NatsBackbone.start(options.nats(), options.natsPort(), options.natsLeafPort(), settings, dataDir, clock));
            // every replica answers signups (a queue group) and carries out approvals: each step is idempotent and
            // its writes are create-or-409 and compare-and-set, so two replicas doing one never do it twice
            registration = parts.add(Registration.start(store, informers, settings, nats, codec, options.heartbeatInterval(), clock));
            // usage on every replica (kiosk's quota controllers run on each): a follower reads the agents' reports itself
            NatsSeedLink usageLink = parts.add(new NatsSeedLink(nats.seedConnection(), codec));
            usageLink.start((cluster, report) -> {
                if (report instanceof dev.canopy.backbone.protocol.StatusReport.Usage u && term == null) {
                    usageListeners.forEach(l -> l.accept(cluster, u));
                }
            });
        }
        parts.add(this::stepDown);
        if (leaderLock == null) {
            stepUp();
        } else {
            leadership = parts.add(new FleetLeadership(leaderLock, options.leaderPoll(), this::stepUp, this::stepDown).start());
        }
    }

    /** The leader's parts: the hub (and its in-process bus), hosted agents, simulated clusters. */
    private record Term(InProcessBus bus, FleetHub hub, SimulatedFleet simulated, Closer parts) implements AutoCloseable {
        @Override public void close() { parts.close(); }
    }

    private void stepUp() {
        synchronized (termLock) {
            if (term != null) return;
            Closer c = new Closer("the fleet leader's parts");
            try {
                InProcessBus bus = c.add(new InProcessBus(codec));   // closed twice at most (also by the hub's link): idempotent
                SeedLink link = bus;
                Function<String, AgentLink> simulatedLinks = bus::agentLink;
                if (nats != null) {
                    link = new CombinedSeedLink(bus, new NatsSeedLink(nats.seedConnection(), codec));
                    NatsBackbone b = nats;
                    simulatedLinks = cluster -> {
                        io.nats.client.Connection conn = b.agentConnection(cluster);
                        return new OwnedConnectionLink(conn, new NatsAgentLink(conn, cluster, codec));
                    };
                }
                FleetHub hub = new FleetHub(store, informers, link, sources(), options.heartbeatInterval(), clock);
                usageListeners.forEach(hub::onUsage);
                c.add(hub);
                hub.start();
                SimulatedFleet simulated = null;
                if (options.simulateClusters() > 0) {
                    simulated = c.add(SimulatedFleet.start(store, simulatedLinks, options.simulateClusters(), options.heartbeatInterval(), clock));
                }
                c.add(new HostedAgents(store, informers, bus, hub, options.heartbeatInterval(), clock).start());
                term = new Term(bus, hub, simulated, c);
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        }
    }

    private void stepDown() {
        Term t;
        synchronized (termLock) {
            t = term;
            term = null;
        }
        if (t != null) {
            LOG.info("the fleet hub stops on this replica");
            t.close();
        }
    }

    /** What clusters hold, in order (see {@link DesiredObjects}); a new payload adds its source here. */
    static java.util.List<DesiredObjects> sources() {
        return java.util.List.of(new Placement(), new dev.canopy.server.kiosk.SpacePlacement(), new dev.canopy.server.templates.TemplatePlacement());
    }

    /**
     * Calls {@code listener} with every usage report the agents send: on the leader from its hub (attached to each
     * new hub across leadership changes, on that hub's loop thread), on a follower with NATS from the agents'
     * status subjects (a NATS thread; Hosted clusters' reports reach only the leader). Thread-safe.
     */
    public void onUsage(java.util.function.BiConsumer<String, dev.canopy.backbone.protocol.StatusReport.Usage> listener) {
        synchronized (termLock) {
            usageListeners.add(listener);
            if (term != null) term.hub().onUsage(listener);
        }
    }

    /** Whether this replica leads the fleet (runs the hub, hosted agents and simulated clusters). */
    public boolean leading() { return term != null; }

    /** The hub, while this replica leads the fleet; else null. */
    public FleetHub hub() {
        Term t = term;
        return t == null ? null : t.hub();
    }

    /**
     * The link to reach agents by RPC: the hub's on the leader; on another replica, NATS (which reaches every agent
     * except hosted ones, which run inside the leader); empty on a follower without NATS.
     */
    public Optional<SeedLink> rpcLink() {
        Term t = term;
        if (t != null) return Optional.of(t.hub().link());
        if (nats != null) return Optional.of(new NatsSeedLink(nats.seedConnection(), codec));
        return Optional.empty();
    }

    /** The in-process bus of the leader's hub (hosted agents; simulated ones without NATS); null on a follower. */
    public InProcessBus bus() {
        Term t = term;
        return t == null ? null : t.bus();
    }

    /** Simulated clusters, run by the leader. */
    public Optional<SimulatedFleet> simulated() {
        Term t = term;
        return Optional.ofNullable(t == null ? null : t.simulated());
    }

    /** The NATS backbone, when the seed runs with {@code --nats}. */
    public Optional<NatsBackbone> nats() { return Optional.ofNullable(nats); }

    /** Leaf registration (signups, approvals, revocations), when the seed runs on NATS. */
    public Optional<Registration> registration() { return Optional.ofNullable(registration); }

    @Override
    public void close() {
        parts.close();
    }
}
