package dev.canopy.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code nats-server} process for tests, started with {@code -c <config>} on a free loopback
 * port (the port is passed as {@code -a 127.0.0.1 -p PORT}, which overrides any {@code listen} in the
 * configuration). When no nats-server binary is found (PATH, then /usr/sbin, /usr/bin, /usr/local/bin)
 * the calling test is skipped through JUnit {@link Assumptions} with a message saying how to install
 * it ({@code bin/test} installs Debian's package). The server log goes to {@code nats.log} in the
 * fixture's directory and is included in start failures.
 *
 * <p>Not thread-safe: one test thread drives a fixture. {@link #close()} is idempotent.
 */
public final class NatsServerFixture implements AutoCloseable {
    /** System property naming the nats-server binary to use (a missing file means "not installed"). */
    public static final String BINARY_PROPERTY = "canopy.nats-server";
    private static final long READY_TIMEOUT_MS = 15_000;

    /** Servers still running, stopped by a JVM shutdown hook if a test forgets (or the JVM is interrupted). */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "nats-fixture-stop"));
    }

    private final Path binary;
    private final Path dir;
    private final Path configFile;
    private final int port;
    private Process process;

    private NatsServerFixture(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.configFile = dir.resolve("nats.conf");
        this.port = port;
    }

    /** Starts a server with {@code config} on a free port. */
    public static NatsServerFixture start(String config) { return start(port -> config); }

    /** Starts a server whose configuration depends on its port (e.g. rendered with that port). */
    public static NatsServerFixture start(IntFunction<String> configForPort) {
        Path binary = requireBinary();
        try {
            Path dir = Files.createTempDirectory("canopy-nats-");
            NatsServerFixture f = new NatsServerFixture(binary, dir, freePort());
            f.writeConfig(configForPort.apply(f.port));
            f.launch();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare nats-server", e);
        }
    }

    /** The nats-server binary, or a skipped test when there is none. */
    public static Path requireBinary() {
        Path b = findBinary();
        Assumptions.assumeTrue(b != null, "nats-server is not installed (Debian: apt-get install nats-server; "
                + "bin/test installs it): skipping tests on a real NATS server");
        return b;
    }

    /**
     * The nats-server binary, or null: the system property {@value #BINARY_PROPERTY} (or environment
     * variable {@code CANOPY_NATS_SERVER}) when set, else PATH and the usual directories.
     */
    public static Path findBinary() {
        String forced = System.getProperty(BINARY_PROPERTY, System.getenv("CANOPY_NATS_SERVER"));
        if (forced != null && !forced.isBlank()) {
            Path p = Path.of(forced);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new java.util.ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, "nats-server");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** A currently free loopback TCP port. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() { return port; }
    public String url() { return "nats://127.0.0.1:" + port; }
    /** The fixture's own directory (config, log; a good place for a JWT store or .creds files). */
    public Path dir() { return dir; }
    public Path configFile() { return configFile; }
    public long pid() { return process.pid(); }
    public boolean isRunning() { return process != null && process.isAlive(); }

    /** The server log so far. */
    public String log() {
        try {
            Path log = dir.resolve("nats.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read log: " + e + ")";
        }
    }

    /** Replaces the configuration file; takes effect on {@link #reload()} or {@link #restart()}. */
    public void writeConfig(String config) {
        try {
            Files.writeString(configFile, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks the running server to reload its configuration ({@code nats-server --signal reload=PID}). */
    public void reload() {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--signal", "reload=" + process.pid())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("nats-server reload failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. Idempotent. */
    public void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
        process = null;
    }

    /** Stops and starts the server again on the same port with the current configuration file. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        try {
            process = new ProcessBuilder(binary.toString(), "-c", configFile.toString(), "-a", "127.0.0.1",
                    "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log").toFile()))
                    .start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        awaitReady();
    }

    /** Waits until the server accepts a TCP connection and greets with INFO. */
    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited with " + process.exitValue() + ":\n" + log());
            }
            if (greets()) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException("nats-server did not accept connections on port " + port + ":\n" + log());
    }

    private boolean greets() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(4);
            return "INFO".equals(new String(head, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }
}
