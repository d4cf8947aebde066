package dev.canopy.backbone.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every message of the seed-agent protocol. On the wire: one JSON object with the protocol version
 * {@code v} (added and checked by {@link Codec}), the message {@code type} and the record's fields.
 * Within a version, fields are only ever added (readers ignore unknown fields); anything else bumps
 * {@link Codec#VERSION}. Records are immutable and validate their fields on construction.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DesiredState.Snapshot.class, name = "snapshot"),
        @JsonSubTypes.Type(value = DesiredState.Delta.class, name = "delta"),
        @JsonSubTypes.Type(value = RpcRequest.Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = RpcRequest.ListObjects.class, name = "listObjects"),
        @JsonSubTypes.Type(value = RpcRequest.GetObject.class, name = "getObject"),
        @JsonSubTypes.Type(value = RpcRequest.ReapplyNow.class, name = "reapplyNow"),
        @JsonSubTypes.Type(value = SignupAnswer.class, name = "signupAnswer"),
        @JsonSubTypes.Type(value = StatusReport.Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = StatusReport.ClusterFacts.class, name = "clusterFacts"),
        @JsonSubTypes.Type(value = StatusReport.ApplyResults.class, name = "applyResults"),
        @JsonSubTypes.Type(value = StatusReport.Usage.class, name = "usage"),
        @JsonSubTypes.Type(value = StatusReport.DriftReport.class, name = "driftReport"),
        @JsonSubTypes.Type(value = RpcResponse.Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = RpcResponse.ObjectList.class, name = "objectList"),
        @JsonSubTypes.Type(value = RpcResponse.ObjectFound.class, name = "object"),
        @JsonSubTypes.Type(value = RpcResponse.ReapplyAccepted.class, name = "reapplyAccepted"),
        @JsonSubTypes.Type(value = RpcResponse.RpcError.class, name = "rpcError"),
        @JsonSubTypes.Type(value = Signup.class, name = "signup"),
})
public sealed interface Message permits SeedMessage, AgentMessage {
}
