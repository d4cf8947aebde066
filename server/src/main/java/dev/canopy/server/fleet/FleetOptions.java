package dev.canopy.server.fleet;

import java.time.Duration;

/**
 * The seed's fleet settings.
 *
 * @param simulateClusters  how many simulated clusters (Cluster objects, each with an in-process agent over a
 *                          simulated driver) to run; 0 = none
 * @param heartbeatInterval how often agents send heartbeats (the seed counts missed ones with the same period)
 * @param nats              null: the in-process backbone only; {@code managed}: a nats-server the seed runs;
 *                          else the {@code nats://} URL of a server trusting the seed's operator
 * @param natsPort          the managed nats-server's client port; 0 = a free one
 * @param natsLeafPort      the managed nats-server's leafnode port for trunks dialing in; 0 = none
 * @param leaderPoll        with several replicas: how often a follower tries to become the fleet leader and the
 *                          leader checks its lock's database session (see {@link FleetLeadership}); 1 s
 */
public record FleetOptions(int simulateClusters, Duration heartbeatInterval, String nats, int natsPort, int natsLeafPort,
                           Duration leaderPoll) {
    public FleetOptions {
        if (leaderPoll == null || leaderPoll.toMillis() < 100) throw new IllegalArgumentException("leaderPoll must be at least 100 ms");
        if (natsLeafPort < 0 || natsLeafPort > 65535) throw new IllegalArgumentException("natsLeafPort must be a port number");
        if (natsPort < 0 || natsPort > 65535) throw new IllegalArgumentException("natsPort must be a port number");
        if (nats != null && !nats.equals("managed") && !nats.matches("(nats|tls)://.+")) {
            throw new IllegalArgumentException("--nats must be 'managed' or a nats:// URL, not " + nats);
        }
        if (simulateClusters < 0) throw new IllegalArgumentException("simulateClusters must not be negative");
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
    }

    public static FleetOptions defaults() { return new FleetOptions(0, Duration.ofSeconds(10), null, 0, 0, Duration.ofSeconds(1)); }

    public FleetOptions withSimulatedClusters(int n) { return new FleetOptions(n, heartbeatInterval, nats, natsPort, natsLeafPort, leaderPoll); }

    public FleetOptions withHeartbeat(Duration d) { return new FleetOptions(simulateClusters, d, nats, natsPort, natsLeafPort, leaderPoll); }

    public FleetOptions withNatsLeafPort(int p) { return new FleetOptions(simulateClusters, heartbeatInterval, nats, natsPort, p, leaderPoll); }

    public FleetOptions withNats(String mode, int port) { return new FleetOptions(simulateClusters, heartbeatInterval, mode, port, natsLeafPort, leaderPoll); }

    public FleetOptions withLeaderPoll(Duration d) { return new FleetOptions(simulateClusters, heartbeatInterval, nats, natsPort, natsLeafPort, d); }
}
