package dev.canopy.server.fleet.nats;

import dev.canopy.backbone.NatsConfig;
import dev.canopy.backbone.TrustChain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code canopy up --nats managed}: a local Debian {@code nats-server} run by the seed. Writes
 * {@code <data-dir>/nats/nats.conf} (operator mode, full resolver in {@code nats/jwt} so pushed account
 * JWTs survive restarts), starts the server on 127.0.0.1 (a free port unless one is given), waits until it
 * greets, and stops it on {@link #close()}. A server left behind by a seed that was killed (its pid in
 * {@code nats/nats.pid}, its command line naming this config file) is stopped first, so it never blocks the
 * next start. Not thread-safe: started and closed by the seed's start-up thread.
 */
public final class ManagedNats implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedNats.class);
    private static final long READY_MS = 15_000;

    private final Path dir;
    private final int port;
    private final int leafPort;
    private Process process;

    private ManagedNats(Path dir, int port, int leafPort) {
        this.dir = dir;
        this.port = port;
        this.leafPort = leafPort;
    }

    /**
     * @param dataDir the seed's data directory ({@code nats/} is created inside)
     * @param port    client port; 0 picks a free one
     */
    public static ManagedNats start(Path dataDir, int port, TrustChain chain) { return start(dataDir, port, 0, chain); }

    /** @param leafPort when &gt; 0, also listen for trunk relays' leafnode links on 127.0.0.1:leafPort */
    public static ManagedNats start(Path dataDir, int port, int leafPort, TrustChain chain) {
        Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
                "--nats managed needs nats-server (Debian: apt-get install nats-server); not found on PATH nor in /usr/sbin"));
        Path dir = dataDir.resolve("nats");
        try {
            Files.createDirectories(dir.resolve("jwt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedNats m = new ManagedNats(dir, port > 0 ? port : freePort(), leafPort);
        m.stopStale();
        m.launch(binary, chain);
        return m;
    }

    public int port() { return port; }

    public String url() { return "nats://127.0.0.1:" + port; }

    /** The leafnode URL trunks dial, or null without a leaf port. */
    public String leafUrl() { return leafPort > 0 ? "nats-leaf://127.0.0.1:" + leafPort : null; }

    public Path configFile() { return dir.resolve("nats.conf"); }

    Path pidFile() { return dir.resolve("nats.pid"); }

    /** nats-server on PATH, then in /usr/sbin, /usr/bin, /usr/local/bin. */
    public static Optional<Path> findBinary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, "nats-server");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private void launch(Path binary, TrustChain chain) {
        String config = NatsConfig.seed(port).withServerName("canopy-seed").withFullResolver(dir.resolve("jwt")).withLeafPort(leafPort).render(chain);
        try {
            Files.writeString(configFile(), config, StandardCharsets.UTF_8);
            process = new ProcessBuilder(binary.toString(), "-c", configFile().toString(), "-P", pidFile().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("nats-server exited with " + process.exitValue() + ": " + logTail());
            if (greets(port)) {
                LOG.info("nats-server (pid {}) listening on {}", process.pid(), url());
                return;
            }
            sleep(20);
        }
        close();
        throw new IllegalStateException("nats-server did not accept connections on port " + port + ": " + logTail());
    }

    /** Stops a server of this data directory left running by a seed that did not stop cleanly. */
    private void stopStale() {
        try {
            if (!Files.exists(pidFile())) return;
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            boolean ours = h.isPresent() && h.get().info().commandLine().map(c -> c.contains("nats-server")
                    && c.contains(configFile().toString())).orElse(false);
            if (ours) {
                LOG.warn("stopping nats-server pid {} left running by a previous seed", pid);
                h.get().destroy();
                try {
                    h.get().onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.get().destroyForcibly();
                }
            }
            Files.deleteIfExists(pidFile());
        } catch (IOException | NumberFormatException e) {
            LOG.warn("ignoring unreadable {}: {}", pidFile(), e.toString());
        }
    }

    private String logTail() {
        try {
            String log = Files.readString(dir.resolve("nats.log"));
            return log.substring(Math.max(0, log.length() - 2000));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static boolean greets(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            InputStream in = s.getInputStream();
            return "INFO".equals(new String(in.readNBytes(4), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting nats-server");
        }
    }

    /** SIGTERM, then SIGKILL after 10 s. Idempotent. */
    @Override
    public void close() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // a stale pid file is checked against the command line next time
        }
    }
}
