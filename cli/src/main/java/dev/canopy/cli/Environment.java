package dev.canopy.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the CLI reads from the process around it: environment variables and the home directory.
 * Injected rather than read from {@code System.getenv()} so tests can say "KUBECONFIG is set to X".
 */
public record Environment(Map<String, String> vars, Path home) {
    public Environment {
        vars = Map.copyOf(vars);
    }

    public static Environment system() {
        String home = System.getenv("HOME");
        return new Environment(System.getenv(), Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")));
    }

    /** The variable's value, or null when unset or empty (an empty variable counts as unset, as in kubectl). */
    public String get(String name) {
        String v = vars.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Expands a leading {@code ~/} to the home directory. */
    public Path expand(String path) {
        if (path.equals("~")) return home;
        if (path.startsWith("~/")) return home.resolve(path.substring(2));
        return Path.of(path);
    }
}
