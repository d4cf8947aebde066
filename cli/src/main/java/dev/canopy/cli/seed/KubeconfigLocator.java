package dev.canopy.cli.seed;

import dev.canopy.cli.Environment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the kubeconfig the way kubectl does: {@code --kubeconfig} if given; else {@code $KUBECONFIG}
 * (a path list; the first file that exists is used; when the variable is set, {@code ~/.kube/config}
 * is not consulted, exactly like kubectl); else {@code ~/.kube/config}.
 */
public final class KubeconfigLocator {
    private KubeconfigLocator() {}

    /** The outcome: a file, or where we looked. */
    public sealed interface Located permits Found, Missing {}

    /** @param source how it was chosen: "--kubeconfig", "$KUBECONFIG" or "~/.kube/config" */
    public record Found(Path path, String source) implements Located {}

    /** @param looked human-readable places tried, in order */
    public record Missing(List<String> looked) implements Located {}

    public static Located locate(String kubeconfigFlag, Environment env) {
        if (kubeconfigFlag != null && !kubeconfigFlag.isBlank()) {
            Path p = env.expand(kubeconfigFlag);
            return Files.isRegularFile(p) ? new Found(p, "--kubeconfig") : new Missing(List.of("--kubeconfig " + p));
        }
        String list = env.get("KUBECONFIG");
        if (list != null) {
            List<String> tried = new ArrayList<>();
            for (String entry : list.split(File.pathSeparator)) {
                if (entry.isBlank()) continue;
                Path p = env.expand(entry);
                if (Files.isRegularFile(p)) return new Found(p, "$KUBECONFIG");
                tried.add(p.toString());
            }
            return new Missing(List.of("$KUBECONFIG=" + String.join(File.pathSeparator, tried)));
        }
        Path home = env.home().resolve(".kube").resolve("config");
        return Files.isRegularFile(home) ? new Found(home, "~/.kube/config") : new Missing(List.of(home.toString()));
    }

    /**
     * The one-line explanation for {@link Missing}: where we looked and how to get a seed. When a local
     * seed's admin kubeconfig exists, names it so the user can copy the export line.
     */
    public static String explain(Missing missing, Environment env) {
        Path admin = env.home().resolve(".canopy").resolve("admin.kubeconfig");
        String hint = Files.isRegularFile(admin)
                ? "a local seed's kubeconfig exists: export KUBECONFIG=" + admin
                : "start a seed with 'bin/canopy up', then export KUBECONFIG=~/.canopy/admin.kubeconfig (or pass --kubeconfig FILE)";
        return "no kubeconfig found (looked at " + String.join(", ", missing.looked()) + "); " + hint;
    }
}
