package dev.canopy.agent.transport;

import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.StatusReport;
import java.time.Duration;

/**
 * The seed's end of the links to every agent. Implementations: {@link InProcessBus} and
 * {@link NatsSeedLink}. Status reports arrive on {@code sink} on one thread, in order per cluster; the
 * cluster is the link's (the NATS subject's), never a payload field. {@link #publish} is thread-safe and
 * never blocks on the network (a snapshot too large for one message is split into chunks);
 * {@link #call} blocks its caller up to the timeout and never throws for remote faults.
 */
public interface SeedLink extends AutoCloseable {
    @FunctionalInterface
    interface StatusSink {
        void accept(String cluster, StatusReport report);
    }

    void start(StatusSink sink);

    void publish(String cluster, DesiredState message);

    Rpc.Outcome call(String cluster, RpcRequest request, Duration timeout);

    @Override
    void close();
}
