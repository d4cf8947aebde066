package dev.canopy.server;

import dev.canopy.store.ResourceStore;
import java.net.URI;
import java.nio.file.Path;

/**
 * A running seed server: store, API, controllers. {@code bin/canopy up} and the tests start one the same way.
 * STUB SIGNATURES: the implementation is being written by the server work.
 */
public final class Seed implements AutoCloseable {

    /**
     * @param dataDir     holds the embedded PostgreSQL, admin.kubeconfig, logs (created if absent)
     * @param port        HTTPS port; 0 picks a free one
     * @param domain      tenant-root's domain
     * @param databaseUrl null for the embedded PostgreSQL in dataDir; else a jdbc:postgresql:// URL (user/password in it)
     */
    public record Config(Path dataDir, int port, String domain, String databaseUrl) {
        public static Config forTest(Path dataDir) { return new Config(dataDir, 0, "example.org", null); }
    }

    private Seed() {}

    public static Seed start(Config config) { throw new UnsupportedOperationException("todo"); }

    /** https://127.0.0.1:PORT */
    public URI url() { throw new UnsupportedOperationException("todo"); }

    /** {@code <dataDir>/admin.kubeconfig}: the bootstrap admin's token and the CA. */
    public Path adminKubeconfig() { throw new UnsupportedOperationException("todo"); }

    public ResourceStore store() { throw new UnsupportedOperationException("todo"); }

    @Override
    public void close() {}
}
