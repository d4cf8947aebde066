package dev.canopy.cli;

import dev.canopy.cli.output.Format;
import dev.canopy.cli.seed.SeedConnection;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every {@code canopy} subcommand: access to the global options, the environment, the output
 * streams and a connection to the seed. Subclasses implement {@link #call()} and return an exit code.
 */
public abstract class CanopyCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    protected final Main root() { return (Main) spec.root().userObject(); }

    protected final GlobalOptions globals() { return root().globals(); }

    protected final Environment env() { return root().environment(); }

    protected final Clock clock() { return root().clock(); }

    protected final Format output() { return globals().output(); }

    protected final PrintWriter out() { return spec.commandLine().getOut(); }

    protected final PrintWriter err() { return spec.commandLine().getErr(); }

    /** Opens the seed named by the kubeconfig; the caller closes it. */
    protected final SeedConnection connect() { return SeedConnection.open(globals(), env()); }
}
