package dev.canopy.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL (zonky's binaries) for the embedded default of {@code canopy up}: its data directory
 * is {@code <dataDir>/postgres} and survives restarts (initdb runs only on first start), it listens on
 * 127.0.0.1 only, and {@link #close()} stops it cleanly (a fast shutdown that checkpoints).
 *
 * <p>Running as root: PostgreSQL refuses to run as root; zonky detects root on Linux and starts the
 * server inside {@code unshare -U} (a user namespace where it is not root), so nothing extra is needed
 * as long as unprivileged user namespaces are allowed (they are on Debian and in most containers).
 *
 * <p>Not thread-safe: start and close it from one place.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /**
     * Starts PostgreSQL with its data in {@code <dataDir>/postgres}.
     *
     * @param port 0 for a free port
     */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        Path dir = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(dir.getParent());
            stopStaleServer(dir);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // default shared_buffers is tiny; 128MB is PostgreSQL's own default for real installs
                    .setServerConfig("shared_buffers", "128MB")
                    .setServerConfig("max_connections", "200")
                    // zonky starts PostgreSQL with -F (no fsync) and synchronous_commit off, a test database's
                    // settings; the seed's data must survive a power loss, so turn both back on (later -c wins)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setRegisterShutdownHook(true);
            if (port > 0) b.setPort(port);
            return new EmbeddedDatabase(b.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A seed killed with SIGKILL leaves its PostgreSQL running (it is a separate process). Stop it the way
     * PostgreSQL documents for a fast shutdown (SIGINT: abort sessions, checkpoint, exit) so this start can
     * take over the directory; what was committed is in the WAL either way.
     */
    static void stopStaleServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        // zonky holds epg-lock while its JVM lives: if it is held, a running seed owns this directory
        Path lock = dir.resolve("epg-lock");
        if (Files.exists(lock)) {
            try (var ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE);
                 var held = ch.tryLock()) {
                if (held == null) throw busy(dir);
            } catch (java.nio.channels.OverlappingFileLockException e) {
                throw busy(dir);
            }
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return;
        }
        var handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (handle.isEmpty()) return;
        org.slf4j.LoggerFactory.getLogger(EmbeddedDatabase.class)
                .warn("a PostgreSQL (pid {}) from an earlier run still holds {}; stopping it", pid, dir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            handle.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            handle.get().destroyForcibly();
        }
    }

    private static IllegalStateException busy(Path dir) {
        return new IllegalStateException("another Canopy seed is running with the data directory " + dir.getParent()
                + "; stop it first, or start this one with a different --data-dir");
    }

    /** The JDBC URL of the {@code postgres} database (user postgres, trust authentication on loopback). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres";
    }

    public int port() { return postgres.getPort(); }

    public Path directory() { return directory; }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
        }
    }
}
