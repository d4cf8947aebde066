package dev.canopy.agent.transport;

import dev.canopy.backbone.Inbound;
import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.StatusReport;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's link over NATS with the backbone's subjects: subscribes to {@code fleet.<cluster>.desired}
 * and {@code fleet.<cluster>.rpc} on one dispatcher (so desired state arrives in order on one thread),
 * publishes reports on {@code fleet.<cluster>.status}. The connection (with the agent's credentials and
 * inbox prefix {@link Subjects#agentInboxPrefix}) belongs to the caller; jnats reconnects by itself and
 * keeps the subscriptions. Thread-safe.
 */
public final class NatsAgentLink implements AgentLink {
    private static final Logger LOG = LoggerFactory.getLogger(NatsAgentLink.class);
    private final Connection connection;
    private final String cluster;
    private final Codec codec;
    private Dispatcher dispatcher;

    public NatsAgentLink(Connection connection, String cluster, Codec codec) {
        this.connection = connection;
        this.cluster = Subjects.cluster(cluster);
        this.codec = codec;
    }

    @Override
    public synchronized void start(Consumer<DesiredState> onDesired, Function<RpcRequest, RpcResponse> rpc) {
        dispatcher = connection.createDispatcher();
        dispatcher.subscribe(Subjects.desired(cluster), Inbound.handler(codec, DesiredState.class,
                (c, m, raw) -> onDesired.accept(m), refused -> { }));
        dispatcher.subscribe(Subjects.rpc(cluster), Rpc.serve(connection, codec, rpc));
    }

    @Override
    public void send(StatusReport report) {
        try {
            connection.publish(Subjects.status(cluster), codec.encode(report));
        } catch (RuntimeException e) {
            LOG.warn("agent {}: cannot send {}: {}", cluster, report.getClass().getSimpleName(), e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (dispatcher != null) connection.closeDispatcher(dispatcher);
        dispatcher = null;
    }
}
