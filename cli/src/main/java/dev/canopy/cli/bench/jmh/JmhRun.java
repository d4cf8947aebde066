package dev.canopy.cli.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of this package with a short configuration: sample time in microseconds,
 * {@code warmups} × 1 s warm-up and {@code iterations} × 1 s measurement, one thread.
 *
 * @param include  a regular expression over benchmark names; empty runs every benchmark of this package
 * @param forks    0 runs in this JVM (quick, less isolated), 1 in one fresh JVM per benchmark
 * @param verbose  print JMH's own progress (to stdout)
 */
public record JmhRun(String include, int forks, int warmups, int iterations, boolean verbose) {

    /** Runs and returns one figure per benchmark method. */
    public List<JmhFigure> run() throws RunnerException {
        String pattern = include == null || include.isBlank() ? JmhRun.class.getPackageName().replace(".", "\\.") + "\\..*" : include;
        ChainedOptionsBuilder b = new OptionsBuilder().include(pattern).forks(forks)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .threads(1).timeUnit(TimeUnit.MICROSECONDS).shouldFailOnError(true)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        if (forks > 0) {
            b.jvmArgsAppend("-Xmx1g", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED");
        }
        Collection<RunResult> results = new Runner(b.build()).run();
        if (results.isEmpty()) throw new RunnerException("no benchmark matches \"" + pattern + "\"");
        List<JmhFigure> out = new ArrayList<>();
        for (RunResult r : results) {
            var stats = r.getPrimaryResult().getStatistics();
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            out.add(new JmhFigure(shortName, stats.getN(), stats.getPercentile(50), stats.getPercentile(99),
                    stats.getPercentile(99.9), stats.getMax()));
        }
        return out;
    }
}
