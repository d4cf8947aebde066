package dev.canopy.agent.transport;

import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import java.time.Duration;

/**
 * A seed on NATS that also runs some agents in its own JVM (hosted clusters): reports from both links go to
 * the same sink; desired state goes to the in-process agent when one serves the cluster, else over NATS;
 * RPC likewise. Thread-safe as its parts.
 */
public final class CombinedSeedLink implements SeedLink {
    private final InProcessBus local;
    private final SeedLink remote;

    public CombinedSeedLink(InProcessBus local, SeedLink remote) {
        this.local = local;
        this.remote = remote;
    }

    @Override
    public void start(StatusSink sink) {
        local.start(sink);
        remote.start(sink);
    }

    @Override
    public void publish(String cluster, DesiredState message) {
        if (local.serves(cluster)) local.publish(cluster, message);
        else remote.publish(cluster, message);
    }

    @Override
    public Rpc.Outcome call(String cluster, RpcRequest request, Duration timeout) {
        return local.serves(cluster) ? local.call(cluster, request, timeout) : remote.call(cluster, request, timeout);
    }

    @Override
    public void close() {
        remote.close();
        local.close();
    }
}
