package dev.canopy.backbone;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helper: jnats connections with .creds, recording the server's errors (permission violations). */
final class NatsClients {
    private NatsClients() {}

    /** A connection plus every error the server sent it. */
    record Client(Connection connection, List<String> errors) implements AutoCloseable {
        boolean sawError(String fragment) {
            return errors.stream().anyMatch(e -> e.toLowerCase().contains(fragment.toLowerCase()));
        }

        @Override
        public void close() throws InterruptedException { connection.close(); }
    }

    static Options.Builder options(String url, Creds creds, String inboxPrefix, List<String> errors) {
        Options.Builder b = Options.builder()
                .server(url)
                .authHandler(Nats.staticCredentials(creds.bytes()))
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(50))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) { errors.add(error); }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) { errors.add(String.valueOf(exp)); }

                    @Override
                    public void slowConsumerDetected(Connection conn, Consumer consumer) {}
                });
        if (inboxPrefix != null) b.inboxPrefix(inboxPrefix);
        return b;
    }

    static Client connect(String url, Creds creds, String inboxPrefix) throws IOException, InterruptedException {
        List<String> errors = new CopyOnWriteArrayList<>();
        return new Client(Nats.connect(options(url, creds, inboxPrefix, errors).build()), errors);
    }

    /** Connects without reconnect attempts (to show that credentials are refused). */
    static Connection connectOnce(String url, Creds creds, String inboxPrefix) throws IOException, InterruptedException {
        List<String> errors = new CopyOnWriteArrayList<>();
        return Nats.connect(options(url, creds, inboxPrefix, errors).maxReconnects(0).noReconnect().connectionTimeout(Duration.ofMillis(1500)).build());
    }
}
