package dev.canopy.cli.commands;

import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.bench.TenantsBench;
import picocli.CommandLine.Command;

/** {@code canopy bench ...}: benchmarks; the figures of a real run are in docs/benchmarks.md. */
@Command(name = "bench", sortOptions = false, description = "Measure Canopy's performance.",
        subcommands = {BenchApiCommand.class, BenchJmhCommand.class, TenantsBench.class, dev.canopy.cli.bench.FleetBench.class, dev.canopy.cli.bench.SpacesBench.class})
public final class BenchCommand extends CanopyCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }
}
