package dev.canopy.backbone.protocol;

import java.util.Map;

/**
 * A leaf agent's InterconnectRequest, sent by a bootstrap user on {@code fleet.signup} as a NATS
 * request: the cluster name it asks for, its own public user nkey (the private key never leaves the
 * leaf), labels, the one-time bootstrap token and its cluster facts. The seed answers with a
 * {@link SignupAnswer}. Sending the same signup again is idempotent on the seed (same name, same key).
 */
public record Signup(String name, String publicKey, Map<String, String> labels, String token,
                     StatusReport.ClusterFacts facts) implements AgentMessage {
    public Signup {
        Checks.text(name, "name");
        Checks.text(publicKey, "publicKey");
        Checks.text(token, "token");
        labels = Checks.map(labels);
    }
}
