package dev.canopy.server.fleet.nats;

import dev.canopy.backbone.AccountPusher;
import dev.canopy.backbone.Creds;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.TrustChain;
import dev.canopy.store.Settings;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed on real NATS: the trust chain from the store ({@link TrustStore}), the server (a
 * {@link ManagedNats} or an existing one at a URL that trusts this chain's operator), the seed user's
 * connection (desired state, RPC, signups) and a system-account connection that pushes the newest fleet
 * account JWT at start and after every revocation (nats-server 2.9.10 would also take an older one, so the
 * seed never relies on what the server stored). Thread-safe after {@link #start}.
 */
public final class NatsBackbone implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NatsBackbone.class);
    /** {@code --nats managed}. */
    public static final String MANAGED = "managed";

    private final TrustStore trust;
    private final String url;
    private final ManagedNats managed;
    private final Connection seed;
    private final Connection system;

    private NatsBackbone(TrustStore trust, String url, ManagedNats managed, Connection seed, Connection system) {
        this.trust = trust;
        this.url = url;
        this.managed = managed;
        this.seed = seed;
        this.system = system;
    }

    /**
     * @param nats     {@link #MANAGED} or a {@code nats://} URL
     * @param natsPort the managed server's port (0 = a free one)
     */
    public static NatsBackbone start(String nats, int natsPort, Settings settings, Path dataDir, Clock clock) {
        return start(nats, natsPort, 0, settings, dataDir, clock);
    }

    /** @param leafPort the managed server's leafnode port for trunks (0 = none) */
    public static NatsBackbone start(String nats, int natsPort, int leafPort, Settings settings, Path dataDir, Clock clock) {
        TrustStore trust = new TrustStore(settings, clock);
        TrustChain chain = trust.load();
        ManagedNats managed = MANAGED.equals(nats) ? ManagedNats.start(dataDir, natsPort, leafPort, chain) : null;
        String url = managed != null ? managed.url() : nats;
        Connection seed = null;
        try {
            seed = connect(url, chain.seedUser("canopy-seed"), null, "canopy-seed");
            Connection system = connect(url, chain.systemUser(), null, "canopy-system");
            NatsBackbone b = new NatsBackbone(trust, url, managed, seed, system);
            b.push(chain);
            return b;
        } catch (RuntimeException e) {
            if (seed != null) closeQuietly(seed);
            if (managed != null) managed.close();
            throw e;
        }
    }

    /** A connection that reconnects forever (jnats keeps subscriptions across reconnects). */
    public static Connection connect(String url, Creds creds, String inboxPrefix, String name) {
        Options.Builder b = Options.builder().server(url).authHandler(Nats.staticCredentials(creds.bytes()))
                .connectionName(name).connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500));
        if (inboxPrefix != null) b.inboxPrefix(inboxPrefix);
        try {
            return Nats.connect(b.build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to NATS at " + url + " as " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS");
        }
    }

    /** The managed server's leafnode URL (trunks dial it), or null. */
    public String leafUrl() { return managed == null ? null : managed.leafUrl(); }

    /** The server's client URL. */
    public String url() { return url; }

    /** The seed user's connection (pub/sub {@code fleet.>}). */
    public Connection seedConnection() { return seed; }

    /** The current chain, read from the store (another replica may have revoked since). */
    public TrustChain chain() { return trust.load(); }

    public TrustStore trust() { return trust; }

    /** A connection for an agent of {@code cluster} run by this seed (simulated or hosted), with fresh credentials. */
    public Connection agentConnection(String cluster) {
        return connect(url, trust.load().agentCreds(cluster), Subjects.agentInboxPrefix(cluster), "agent-" + cluster);
    }

    /**
     * Revokes every JWT of {@code userPublicKey} issued until now: stores the re-issued fleet account JWT, then
     * pushes the newest stored one (the server disconnects the user at once). Idempotent.
     */
    public TrustChain revoke(String userPublicKey) {
        TrustChain next = trust.update(c -> c.revocations().containsKey(userPublicKey) ? c : c.revoke(userPublicKey));
        push(trust.load());
        return next;
    }

    private void push(TrustChain chain) {
        AccountPusher.Result r = AccountPusher.push(system, chain.fleetAccountJwt(), Duration.ofSeconds(5));
        if (!r.ok()) LOG.warn("the fleet account JWT was not pushed to {}: {} {}", url, r.code(), r.message());
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closeQuietly(seed);
        closeQuietly(system);
        if (managed != null) managed.close();
    }
}
