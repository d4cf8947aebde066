package dev.canopy.server.fleet;

import java.time.Duration;

/**
 * The seed's fleet settings.
 *
 * @param simulateClusters  how many simulated clusters (Cluster objects, each with an in-process agent over a
 *                          simulated driver) to run; 0 = none
 * @param heartbeatInterval how often agents send heartbeats (the seed counts missed ones with the same period)
 */
public record FleetOptions(int simulateClusters, Duration heartbeatInterval) {
    public FleetOptions {
        if (simulateClusters < 0) throw new IllegalArgumentException("simulateClusters must not be negative");
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
    }

    public static FleetOptions defaults() { return new FleetOptions(0, Duration.ofSeconds(10)); }

    public FleetOptions withSimulatedClusters(int n) { return new FleetOptions(n, heartbeatInterval); }

    public FleetOptions withHeartbeat(Duration d) { return new FleetOptions(simulateClusters, d); }
}
