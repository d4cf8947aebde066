package dev.canopy.backbone.protocol;

/** Messages an agent (or a bootstrap client) sends: status reports, RPC responses, signups. */
public sealed interface AgentMessage extends Message permits StatusReport, RpcResponse, Signup {
}
