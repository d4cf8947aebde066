package dev.canopy.backbone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** An agent's answer to an {@link RpcRequest}; {@link RpcError} when it could not do what was asked. */
public sealed interface RpcResponse extends AgentMessage {

    record Pong(String agentVersion, long appliedRevision) implements RpcResponse {
        public Pong {
            Checks.text(agentVersion, "agentVersion");
            Checks.notNegative(appliedRevision, "appliedRevision");
        }
    }

    record ObjectList(List<ObjectNode> objects) implements RpcResponse {
        public ObjectList {
            objects = Checks.objects(objects, "objects");
        }
    }

    /** {@code object} is null when there is no such object on the cluster. */
    record ObjectFound(ObjectNode object) implements RpcResponse {}

    record ReapplyAccepted(long revision) implements RpcResponse {
        public ReapplyAccepted {
            Checks.notNegative(revision, "revision");
        }
    }

    record RpcError(String code, String message) implements RpcResponse {
        public RpcError {
            Checks.text(code, "code");
        }
    }
}
