package dev.canopy.cli;

/**
 * An error the user can act on: printed as one {@code error: ...} line (no stack trace) and ends the
 * command with {@link #exitCode()}.
 */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message) { this(message, 1); }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
