package dev.canopy.server.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code kubectl} (1.32 on these machines) against a seed, with a given kubeconfig. */
final class Kubectl {
    record Result(int code, String out, String err) {
        String all() { return out + err; }
    }

    private final Path kubeconfig;

    Kubectl(Path kubeconfig) { this.kubeconfig = kubeconfig; }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Result run(String... args) { return runWithInput(null, args); }

    Result runWithInput(String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("kubectl");
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.add("--request-timeout=20s");
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("kubectl", ".out"), err = Files.createTempFile("kubectl", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("HOME", kubeconfig.getParent().toString());
            pb.environment().remove("KUBECONFIG");
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl timed out: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a long-running kubectl (e.g. {@code get -w}); the caller destroys it. */
    Process start(Path output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("kubectl");
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("HOME", kubeconfig.getParent().toString());
        return pb.start();
    }
}
