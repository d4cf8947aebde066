package dev.canopy.cli.commands;

import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.bench.ApiBenchmark;
import dev.canopy.cli.bench.ApiFigures;
import dev.canopy.cli.bench.ApiReport;
import dev.canopy.cli.output.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canopy bench api}: starts a fresh seed in this JVM, preloads ConfigMaps and measures the API
 * over HTTPS (see {@link ApiBenchmark}). Progress goes to stderr, the results to stdout (a table, or
 * the figures with {@code -o json|yaml}). The seed's own log goes to {@code <data-dir>/seed.log}.
 */
@Command(name = "api", sortOptions = false,
        description = {"Benchmark the API of a fresh seed started in this process: create, get, update,",
                "list-by-label and watch delivery latency and throughput, against raw INSERT + COMMIT",
                "on the same PostgreSQL."})
public final class BenchApiCommand extends CanopyCommand {
    @Option(names = "--objects", paramLabel = "N", defaultValue = "100000", description = "ConfigMaps to preload (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "16", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "20s", converter = Ttl.Converter.class,
            description = "Length of each measured phase, e.g. 20s or 1m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--watchers", paramLabel = "N", defaultValue = "4", description = "Watchers in the watch phase (default: ${DEFAULT-VALUE}).")
    int watchers;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The seed's data directory (default: a temporary one, deleted afterwards).")
    Path dataDir;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "Use this PostgreSQL (jdbc:postgresql://...) instead of an embedded one.")
    String databaseUrl;

    @Override
    public Integer call() throws Exception {
        if (objects < 100 || clients < 1 || watchers < 1) {
            err().println("error: --objects must be at least 100, --clients and --watchers at least 1");
            err().flush();
            return 2;
        }
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("canopy-bench-");
        Files.createDirectories(dir);
        // one log line per request would flood the terminal; keep the cost, send it to a file
        System.setProperty("org.slf4j.simpleLogger.logFile", dir.resolve("seed.log").toString());
        PrintWriter progress = err();
        try {
            ApiFigures f = new ApiBenchmark(new ApiBenchmark.Settings(objects, clients, duration, dir, databaseUrl, watchers), progress).run();
            if (output().structured()) Output.print(output(), f, out());
            else ApiReport.print(f, out());
            return 0;
        } finally {
            if (dataDir == null) deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
