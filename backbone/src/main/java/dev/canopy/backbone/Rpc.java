package dev.canopy.backbone;

import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Decoded;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import io.nats.client.Connection;
import io.nats.client.MessageHandler;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed-to-agent RPC over NATS request/reply on {@code fleet.<cluster>.rpc}. {@link #call} blocks the
 * calling thread up to the timeout (never call it on a dispatcher thread); it never throws for remote
 * faults, which come back as an {@link Outcome}. {@link #serve} builds the agent's handler: it decodes the
 * request, asks the application, and replies on the request's reply subject (allowed by the agent's
 * {@code resp} permission). Requests are all safe to repeat, so callers may retry after a timeout.
 */
public final class Rpc {
    private static final Logger LOG = LoggerFactory.getLogger(Rpc.class);

    private Rpc() {}

    /** What became of a call. */
    public sealed interface Outcome {
        record Answered(RpcResponse response) implements Outcome {}
        /** No agent answered within the timeout (or none is listening). */
        record Unavailable(String reason) implements Outcome {}
        /** An answer came but was refused by the codec. */
        record BadAnswer(Decoded.Refusal<RpcResponse> refusal) implements Outcome {}
    }

    public static Outcome call(Connection seed, Codec codec, String cluster, RpcRequest request, Duration timeout) {
        byte[] body = codec.encode(request);
        try {
            io.nats.client.Message reply = seed.requestWithTimeout(Subjects.rpc(cluster), body, timeout)
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return switch (codec.decode(reply.getData(), RpcResponse.class)) {
                case Decoded.Accepted<RpcResponse> a -> new Outcome.Answered(a.message());
                case Decoded.Refusal<RpcResponse> r -> new Outcome.BadAnswer(r);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unavailable("interrupted");
        } catch (TimeoutException e) {
            return new Outcome.Unavailable("no answer from " + cluster + " within " + timeout);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            String why = c instanceof java.util.concurrent.CancellationException || String.valueOf(c.getMessage()).contains("503")
                    ? "no agent of " + cluster + " is listening" : String.valueOf(c.getMessage());
            return new Outcome.Unavailable(why);
        } catch (java.util.concurrent.CancellationException e) {
            return new Outcome.Unavailable("no agent of " + cluster + " is listening");
        }
    }

    /**
     * The agent's RPC handler: {@code app} answers decoded requests (an exception becomes an
     * {@link RpcResponse.RpcError}); refused requests are answered with an {@code RpcError} too.
     */
    public static MessageHandler serve(Connection agent, Codec codec, Function<RpcRequest, RpcResponse> app) {
        return raw -> {
            if (raw.getReplyTo() == null) return;
            RpcResponse response;
            try {
                response = switch (codec.decode(raw.getData(), RpcRequest.class)) {
                    case Decoded.Accepted<RpcRequest> a -> app.apply(a.message());
                    case Decoded.Refusal<RpcRequest> r -> new RpcResponse.RpcError("Refused", r.reason() + ": " + r.detail());
                };
            } catch (RuntimeException e) {
                LOG.warn("RPC handler failed", e);
                response = new RpcResponse.RpcError("Internal", String.valueOf(e.getMessage()));
            }
            try {
                agent.publish(raw.getReplyTo(), codec.encode(response));
            } catch (RuntimeException e) {
                LOG.warn("cannot answer RPC on {}", raw.getReplyTo(), e);
                try {
                    agent.publish(raw.getReplyTo(), codec.encode(new RpcResponse.RpcError("Internal", clip(e.getMessage()))));
                } catch (RuntimeException ignored) {
                    // the connection is gone; the seed's call times out
                }
            }
        };
    }

    private static String clip(String s) { return s == null ? "" : s.substring(0, Math.min(200, s.length())); }
}
