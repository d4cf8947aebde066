package dev.canopy.backbone.protocol;

/** Messages the seed sends: desired state, RPC requests, answers to signups. */
public sealed interface SeedMessage extends Message permits DesiredState, RpcRequest, SignupAnswer {
}
