package dev.canopy.agent.transport;

import dev.canopy.backbone.Inbound;
import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.Snapshots;
import dev.canopy.backbone.protocol.StatusReport;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's links over NATS: one subscription {@code fleet.*.status} (the cluster comes from the subject,
 * which each agent's JWT pins), desired state published on {@code fleet.<cluster>.desired} (snapshots split
 * into chunks that fit), RPC through {@link Rpc#call}. The connection (the seed user's) belongs to the
 * caller. Thread-safe.
 */
public final class NatsSeedLink implements SeedLink {
    private static final Logger LOG = LoggerFactory.getLogger(NatsSeedLink.class);
    private final Connection connection;
    private final Codec codec;
    private Dispatcher dispatcher;

    public NatsSeedLink(Connection connection, Codec codec) {
        this.connection = connection;
        this.codec = codec;
    }

    @Override
    public synchronized void start(StatusSink sink) {
        dispatcher = connection.createDispatcher();
        dispatcher.subscribe("fleet.*.status", Inbound.handler(codec, StatusReport.class,
                (cluster, m, raw) -> { if (cluster != null) sink.accept(cluster, m); }, refused -> { }));
    }

    @Override
    public void publish(String cluster, DesiredState message) {
        try {
            if (message instanceof DesiredState.Snapshot s && s.chunks() == 1) {
                for (DesiredState.Snapshot chunk : Snapshots.split(s.clusterRevision(), s.objects(), codec)) {
                    connection.publish(Subjects.desired(cluster), codec.encode(chunk));
                }
            } else {
                connection.publish(Subjects.desired(cluster), codec.encode(message));
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot publish desired state to {}: {}", cluster, e.toString());
        }
    }

    @Override
    public Rpc.Outcome call(String cluster, RpcRequest request, Duration timeout) {
        return Rpc.call(connection, codec, cluster, request, timeout);
    }

    @Override
    public synchronized void close() {
        if (dispatcher != null) connection.closeDispatcher(dispatcher);
        dispatcher = null;
    }
}
