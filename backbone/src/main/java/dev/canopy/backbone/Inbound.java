package dev.canopy.backbone;

import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Decoded;
import dev.canopy.backbone.protocol.Message;
import dev.canopy.backbone.protocol.SeedMessage;
import io.nats.client.MessageHandler;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jnats {@link MessageHandler}s that decode protocol messages safely. The cluster a message is about is
 * always taken from the subject ({@code fleet.<cluster>.…}), which the sender's JWT permissions pin,
 * never from the payload. Refused payloads go to a refusal callback (and are logged); an exception
 * thrown by the application's sink is caught and logged, so nothing ever escapes to a jnats dispatcher
 * thread. The handlers are stateless; they run on whatever dispatcher thread jnats uses.
 */
public final class Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private Inbound() {}

    /** Receives accepted messages; {@code cluster} is null for subjects outside {@code fleet.<cluster>.…}. */
    @FunctionalInterface
    public interface Sink<T extends Message> {
        void accept(String cluster, T message, io.nats.client.Message raw) throws Exception;
    }

    /** A refused payload: where it came from and why. */
    public record Refused(String subject, String cluster, Decoded.Refusal<?> refusal) {}

    /**
     * Answers a request received by the seed, only when its reply subject is the sender's own inbox
     * ({@link Subjects#isReplySubjectOf}); returns false (and logs) when it is not, or when the answer
     * cannot be encoded. Safe on a dispatcher thread: publishing does not block on the network.
     */
    public static boolean reply(io.nats.client.Connection connection, Codec codec, io.nats.client.Message request,
                                SeedMessage answer) {
        String replyTo = request.getReplyTo();
        if (!Subjects.isReplySubjectOf(request.getSubject(), replyTo)) {
            LOG.warn("not answering a request on {}: reply subject {} is not the sender's inbox", request.getSubject(), replyTo);
            return false;
        }
        try {
            connection.publish(replyTo, codec.encode(answer));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("cannot answer a request on {}", request.getSubject(), e);
            return false;
        }
    }

    public static <T extends Message> MessageHandler handler(Codec codec, Class<T> type, Sink<T> sink,
                                                             Consumer<Refused> refused) {
        return raw -> {
            String subject = raw.getSubject();
            String cluster = Subjects.clusterOf(subject);
            try {
                switch (codec.decode(raw.getData(), type)) {
                    case Decoded.Accepted<T> a -> sink.accept(cluster, a.message(), raw);
                    case Decoded.Refusal<T> r -> {
                        LOG.warn("refused message on {} ({}): {}", subject, r.reason(), r.detail());
                        refused.accept(new Refused(subject, cluster, r));
                    }
                }
            } catch (Exception | StackOverflowError e) {
                LOG.error("handler for {} failed", subject, e);
            }
        };
    }
}
