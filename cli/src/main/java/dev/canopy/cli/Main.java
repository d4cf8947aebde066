package dev.canopy.cli;

import dev.canopy.cli.commands.BenchCommand;
import dev.canopy.cli.commands.ClusterCommand;
import dev.canopy.cli.commands.TrunkCommand;
import dev.canopy.cli.commands.TokenCommand;
import dev.canopy.cli.commands.TreeCommand;
import dev.canopy.cli.commands.VersionCommand;
import dev.canopy.cli.seed.ApiError;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code canopy} command. {@code bin/canopy up} starts the seed (the server's own main); every
 * other command comes here. Exit codes: 0 success, 1 an error from the seed or the environment,
 * 2 a usage error.
 */
@Command(name = "canopy", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Canopy: a multi-tenant control plane for fleets of Kubernetes clusters.", "",
                "Start a seed: canopy up [--data-dir DIR] [--port N] [--domain D]",
                "                        [--database-url URL] [--nats managed|URL]",
                "Other commands find the seed like kubectl finds a cluster:",
                "--kubeconfig, then $KUBECONFIG, then ~/.kube/config.", ""},
        subcommands = {VersionCommand.class, TokenCommand.class, TreeCommand.class, ClusterCommand.class, TrunkCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    @Mixin
    private GlobalOptions globals = new GlobalOptions();

    @Spec
    private CommandSpec spec;

    private final Environment environment;
    private final Clock clock;

    public Main(Environment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    public GlobalOptions globals() { return globals; }

    public Environment environment() { return environment; }

    public Clock clock() { return clock; }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(Environment.system(), Clock.systemUTC(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given environment and streams; returns the exit code. Tests call this. */
    public static int run(Environment env, Clock clock, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(env, clock, out, err).execute(args);
    }

    static CommandLine commandLine(Environment env, Clock clock, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main(env, clock));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler(Main::failure);
        return cl;
    }

    /** A usage error: one line, then where to find help, like kubectl. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("error: " + e.getMessage());
        err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return 2;
    }

    /** Errors while running: a server Status like kubectl prints it; our own errors as one line; bugs with a trace. */
    private static int failure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code;
        switch (e) {
            case ApiError a -> {
                err.println(a.kubectlMessage());
                code = 1;
            }
            case KubernetesClientException k -> {
                err.println(ApiError.from(k).kubectlMessage());
                code = 1;
            }
            case CliException c -> {
                err.println("error: " + c.getMessage());
                code = c.exitCode();
            }
            default -> {
                err.println("error: " + e);
                e.printStackTrace(err);
                code = 1;
            }
        }
        err.flush();
        return code;
    }

    /** {@code canopy --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() { return new String[] {"canopy " + VersionCommand.clientVersion()}; }
    }
}
