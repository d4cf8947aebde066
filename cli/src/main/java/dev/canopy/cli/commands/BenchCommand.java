package dev.canopy.cli.commands;

import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.bench.TenantsBench;
import picocli.CommandLine.Command;

/** {@code canopy bench ...}: benchmarks against a seed; figures go to docs/benchmarks.md. */
@Command(name = "bench", sortOptions = false, description = "Measure a seed's performance.", subcommands = {BenchCommand.Api.class, TenantsBench.class})
public final class BenchCommand extends CanopyCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** Placeholder for the API benchmark (create/get/update/list/watch latency versus raw inserts). */
    @Command(name = "api", sortOptions = false, description = "Benchmark the API: create, get, update, list and watch latency (planned).")
    public static final class Api extends CanopyCommand {
        @Override
        public Integer call() {
            err().println("canopy bench api: not implemented yet");
            err().flush();
            return 2;
        }
    }
}
