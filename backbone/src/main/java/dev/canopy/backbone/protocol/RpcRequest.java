package dev.canopy.backbone.protocol;

/**
 * Requests from the seed to one agent on {@code fleet.<cluster>.rpc} (NATS request/reply with a
 * timeout chosen by the seed); the agent answers with an {@link RpcResponse} on the reply subject.
 * All are safe to repeat: they read, or (re-apply) converge to the same state.
 */
public sealed interface RpcRequest extends SeedMessage {

    /** Liveness and version; answered by {@link RpcResponse.Pong}. */
    record Ping() implements RpcRequest {}

    /** The managed objects of one kind (all kinds when {@code kind} is null); answered by {@link RpcResponse.ObjectList}. */
    record ListObjects(String kind) implements RpcRequest {}

    /** One object as it is on the cluster; answered by {@link RpcResponse.ObjectFound}. */
    record GetObject(String kind, String namespace, String name) implements RpcRequest {
        public GetObject {
            Checks.text(kind, "kind");
            Checks.text(name, "name");
        }
    }

    /** Apply the whole desired state again now (repairs drift); answered by {@link RpcResponse.ReapplyAccepted}. */
    record ReapplyNow() implements RpcRequest {}
}
