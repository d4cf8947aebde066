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
 */
public record FleetOptions(int simulateClusters, Duration heartbeatInterval, String nats, int natsPort, int natsLeafPort) {
    public FleetOptions {
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

    public static FleetOptions defaults() { return new FleetOptions(0, Duration.ofSeconds(10), null, 0, 0); }

    public FleetOptions withSimulatedClusters(int n) { return new FleetOptions(n, heartbeatInterval, nats, natsPort, natsLeafPort); }

    public FleetOptions withHeartbeat(Duration d) { return new FleetOptions(simulateClusters, d, nats, natsPort, natsLeafPort); }

    public FleetOptions withNatsLeafPort(int p) { return new FleetOptions(simulateClusters, heartbeatInterval, nats, natsPort, p); }

    public FleetOptions withNats(String mode, int port) { return new FleetOptions(simulateClusters, heartbeatInterval, mode, port, natsLeafPort); }
}
