package dev.canopy.agent.transport;

import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.StatusReport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The agent's end of its link to the seed. Implementations: {@link InProcessBus#agentLink} and
 * {@link NatsAgentLink}. {@code onDesired} is called on one delivery thread, in the order the seed
 * published; {@code rpc} may be called on any thread. {@link #send} is thread-safe and never blocks on
 * the network; a report sent while the link is down is lost (the next heartbeat repairs it).
 */
public interface AgentLink extends AutoCloseable {
    void start(Consumer<DesiredState> onDesired, Function<RpcRequest, RpcResponse> rpc);

    void send(StatusReport report);

    @Override
    void close();
}
