package dev.canopy.server.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A seed in its own JVM ({@code Main up}), so a test can SIGKILL it. */
final class SeedProcess implements AutoCloseable {
    final Path dataDir;
    final int port;
    private Process process;

    SeedProcess(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    SeedProcess start() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.canopy.server.Main");
        cmd.addAll(List.of("up", "--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("seed-process.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("seed-process.log").toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("seed exited: " + Files.readString(dataDir.resolve("seed-process.log")));
            if (Files.readString(log).substring((int) logStart).contains("seed ready at")) return this;
            Thread.sleep(100);
        }
        throw new IllegalStateException("seed did not start: " + Files.readString(dataDir.resolve("seed-process.log")));
    }

    KubernetesClient client() throws IOException {
        Config c = Config.fromKubeconfig(null, Files.readString(dataDir.resolve("admin.kubeconfig")), null);
        c.setRequestTimeout(10_000);
        c.setConnectionTimeout(5_000);
        c.setRequestRetryBackoffLimit(0);   // a killed seed must fail requests at once, not after retries
        return new KubernetesClientBuilder().withConfig(c).build();
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
