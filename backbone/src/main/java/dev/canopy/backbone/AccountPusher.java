package dev.canopy.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Pushes a re-issued account JWT (for instance with a new revocation) to running nats-servers using the
 * {@link NatsConfig.Resolver#FULL full} resolver: a request on {@code $SYS.REQ.CLAIMS.UPDATE} over a
 * connection of a system-account user ({@link TrustChain#systemUser()}). The server stores the JWT,
 * applies it at once (revoked users are disconnected) and forwards it to the servers it is clustered
 * with. Blocking: never call it on a NATS dispatcher thread. Idempotent: pushing the same JWT twice is
 * harmless; an older JWT than the stored one is ignored by the server.
 */
public final class AccountPusher {
    public static final String CLAIMS_UPDATE = "$SYS.REQ.CLAIMS.UPDATE";

    /** The server's answer: {@code ok} with its message, or the error it reported. */
    public record Result(boolean ok, int code, String message) {}

    private AccountPusher() {}

    public static Result push(Connection systemConnection, String accountJwt, Duration timeout) {
        Message reply;
        try {
            reply = systemConnection.request(CLAIMS_UPDATE, accountJwt.getBytes(StandardCharsets.UTF_8), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, 0, "interrupted");
        }
        if (reply == null) return new Result(false, 0, "no answer from a nats-server within " + timeout);
        try {
            JsonNode n = Json.MAPPER.readTree(reply.getData());
            JsonNode err = n.path("error");
            if (!err.isMissingNode()) {
                return new Result(false, err.path("code").asInt(500), err.path("description").asText(err.toString()));
            }
            JsonNode data = n.path("data");
            return new Result(true, data.path("code").asInt(200), data.path("message").asText("updated"));
        } catch (java.io.IOException e) {
            return new Result(false, 0, "unreadable answer: " + new String(reply.getData(), StandardCharsets.UTF_8));
        }
    }
}
