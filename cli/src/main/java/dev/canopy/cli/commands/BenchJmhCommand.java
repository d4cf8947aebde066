package dev.canopy.cli.commands;

import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.bench.jmh.JmhFigure;
import dev.canopy.cli.bench.jmh.JmhRun;
import dev.canopy.cli.output.Output;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code canopy bench jmh [REGEX]}: the JMH micro-benchmarks shipped in this jar (RBAC decision, tenant
 * access decision), with a short default configuration; prints p50/p99 per benchmark.
 */
@Command(name = "jmh", sortOptions = false,
        description = {"Run the JMH micro-benchmarks (RBAC decision, tenant access decision):",
                "sample time, p50/p99 in microseconds, target p99 <= 100 us."})
public final class BenchJmhCommand extends CanopyCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REGEX", description = "Only benchmarks whose name matches (default: all).")
    String include;

    @Option(names = "--forks", paramLabel = "N", defaultValue = "1", description = "JVM forks per benchmark; 0 runs in this JVM (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--warmups", paramLabel = "N", defaultValue = "2", description = "Warm-up iterations of 1 s (default: ${DEFAULT-VALUE}).")
    int warmups;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "3", description = "Measured iterations of 1 s (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() throws Exception {
        boolean structured = output().structured();
        List<JmhFigure> figures = new JmhRun(include, forks, warmups, iterations, !structured).run();
        if (structured) {
            Output.print(output(), figures, out());
        } else {
            out().println();
            JmhFigure.table(figures).print(out(), false);
        }
        return 0;
    }
}
