package dev.canopy.agent.leaf;

import dev.canopy.agent.Agent;
import dev.canopy.agent.ClusterDriver;
import dev.canopy.agent.transport.NatsAgentLink;
import dev.canopy.backbone.Creds;
import dev.canopy.backbone.Keys;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Signup;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A leaf cluster's agent ({@code bin/canopy-agent}): its nkey and JWT from the state directory, or a signup
 * with the bootstrap token first (waiting for an operator's approval), then a NATS connection with its own
 * user JWT and an {@link Agent} on it. When the seed revokes the key the server closes the connection and
 * refuses it from then on; {@link #awaitStopped} returns and {@link #stopReason} says why.
 * Thread-safe handle; {@link #close} is idempotent.
 */
public final class Leaf implements AutoCloseable {
    /**
     * @param seedUrl   the seed's NATS URL
     * @param token     the one-time bootstrap token (only needed until the agent holds a JWT)
     * @param retry     how often a pending signup asks again
     * @param heartbeat agent heartbeat interval
     */
    public record Config(String seedUrl, String token, String name, Map<String, String> labels, Path stateDir,
                         Duration retry, Duration heartbeat) {}

    private final Agent agent;
    private final Connection connection;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String stopReason;

    private Leaf(Agent agent, Connection connection) {
        this.agent = agent;
        this.connection = connection;
    }

    /** Blocks until approved (or refused: {@link SignupClient.Refused}) and connected. */
    public static Leaf start(Config config, ClusterDriver driver, Consumer<String> progress) throws InterruptedException {
        Subjects.cluster(config.name());
        LeafState state = new LeafState(config.stateDir());
        NKey key = state.key();
        String jwt = state.jwt().orElse(null);
        if (jwt == null) {
            if (config.token() == null || config.token().isBlank()) throw new SignupClient.Refused("no JWT in " + config.stateDir() + " and no --token to sign up with");
            progress.accept("signing up as " + config.name() + " (key " + Keys.publicKey(key) + ")");
            jwt = SignupClient.signUp(config.seedUrl(), new Signup(config.name(), Keys.publicKey(key), config.labels(), config.token(), driver.facts()),
                    config.retry(), progress);
            state.saveJwt(jwt);
            progress.accept("approved; connecting with the agent's own credentials");
        }
        Creds creds = new Creds(jwt, Keys.seed(key));
        Leaf[] self = new Leaf[1];
        String[] lastError = new String[1];
        Options o = Options.builder().server(config.seedUrl()).authHandler(Nats.staticCredentials(creds.bytes()))
                .inboxPrefix(Subjects.agentInboxPrefix(config.name())).connectionName("agent-" + config.name())
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1).reconnectWait(Duration.ofSeconds(1))
                .errorListener(new ErrorListener() {
                    @Override public void errorOccurred(Connection conn, String error) {
                        lastError[0] = error;
                        // a revoked key never comes back: stop instead of knocking forever
                        if (error != null && (error.contains("Revoked") || error.contains("Authorization Violation")) && self[0] != null) {
                            self[0].stop("the seed refused this agent: " + error);
                        }
                    }
                })
                .build();
        Connection c = null;
        while (c == null) {
            try {
                c = Nats.connect(o);
            } catch (IOException e) {
                String why = lastError[0] != null ? lastError[0] : e.getMessage();
                if (why != null && why.contains("Authorization")) {
                    throw new SignupClient.Refused("cannot connect to " + config.seedUrl() + " as agent " + config.name() + ": " + why
                            + " (revoked? the key in " + config.stateDir() + " is no longer accepted)");
                }
                // the seed's server is not reachable (yet): keep trying, as after a disconnect
                progress.accept("cannot reach " + config.seedUrl() + " (" + why + "); retrying");
                Thread.sleep(config.retry().toMillis());
            }
        }
        Agent a = new Agent(config.name(), driver, new NatsAgentLink(c, config.name(), Codec.standard()),
                Agent.Options.defaults().withHeartbeat(config.heartbeat()), Clock.systemUTC());
        Leaf leaf = new Leaf(a, c);
        self[0] = leaf;
        c.addConnectionListener((conn, ev) -> {
            if (ev == ConnectionListener.Events.CLOSED) leaf.stop("connection closed" + (lastError[0] == null ? "" : ": " + lastError[0]));
        });
        a.start();
        return leaf;
    }

    public Agent agent() { return agent; }

    public Connection connection() { return connection; }

    public String stopReason() { return stopReason; }

    public boolean isStopped() { return stopped.getCount() == 0; }

    public void awaitStopped() throws InterruptedException { stopped.await(); }

    private void stop(String reason) {
        if (stopReason == null) stopReason = reason;
        if (stopped.getCount() == 0) return;
        stopped.countDown();
        Thread.ofVirtual().start(this::close);
    }

    @Override
    public void close() {
        try {
            agent.close();
        } catch (RuntimeException e) {
            // the connection is already closed (revoked): nothing left to unsubscribe
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopReason == null) stopReason = "stopped";
        stopped.countDown();
    }
}
