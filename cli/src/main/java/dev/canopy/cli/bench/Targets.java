package dev.canopy.cli.bench;

import java.util.Optional;

/** The speed targets of issue 2 ("Speed"), and whether a run meets them. */
public final class Targets {
    private Targets() {}

    public static final double GET_P99_MS = 5, CREATE_P99_MS = 20, WATCH_P99_MS = 50, CREATE_TO_RAW = 0.5, HEAP_MB = 512;

    /** A target in words and whether it was met. */
    public record Verdict(String target, boolean met) {
        public String mark() { return met ? "yes" : "NO"; }
    }

    /** The latency target of an operation, if it has one. */
    public static Optional<Verdict> forOperation(OpStats s) {
        return switch (s.operation()) {
            case ApiFigures.GET -> Optional.of(new Verdict("p99 <= 5 ms", s.p99Ms() <= GET_P99_MS && s.count() > 0));
            case ApiFigures.CREATE -> Optional.of(new Verdict("p99 <= 20 ms", s.p99Ms() <= CREATE_P99_MS && s.count() > 0));
            case ApiFigures.WATCH -> Optional.of(new Verdict("p99 <= 50 ms", s.p99Ms() <= WATCH_P99_MS && s.count() > 0));
            default -> Optional.empty();
        };
    }

    public static Verdict ratio(double createToRaw) { return new Verdict(">= 50%", createToRaw >= CREATE_TO_RAW); }

    public static Verdict heap(double mb) { return new Verdict("<= 512 MB", mb <= HEAP_MB); }
}
