package dev.canopy.cli;

import picocli.CommandLine;

/** Global options parsed from a command line, as the real command would parse them. */
public final class TestOptions {
    private TestOptions() {}

    public static GlobalOptions of(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.options;
    }

    @CommandLine.Command
    static final class Holder {
        @CommandLine.Mixin
        GlobalOptions options = new GlobalOptions();
    }
}
