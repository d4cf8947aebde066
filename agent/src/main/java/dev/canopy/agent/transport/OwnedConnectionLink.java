package dev.canopy.agent.transport;

import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.StatusReport;
import io.nats.client.Connection;
import java.util.function.Consumer;
import java.util.function.Function;

/** A {@link NatsAgentLink} that owns its connection: closing the link closes the connection too. Thread-safe. */
public final class OwnedConnectionLink implements AgentLink {
    private final Connection connection;
    private final NatsAgentLink link;

    public OwnedConnectionLink(Connection connection, NatsAgentLink link) {
        this.connection = connection;
        this.link = link;
    }

    @Override
    public void start(Consumer<DesiredState> onDesired, Function<RpcRequest, RpcResponse> rpc) { link.start(onDesired, rpc); }

    @Override
    public void send(StatusReport report) { link.send(report); }

    @Override
    public void close() {
        link.close();
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
