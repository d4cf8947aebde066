package dev.canopy.cli.output;

import java.time.Duration;
import java.time.Instant;

/**
 * Formats an age the way kubectl's AGE column does (Kubernetes' {@code duration.HumanDuration}):
 * exact for young objects, coarser as they grow older, so a column of ages stays short and readable.
 */
public final class Age {
    private Age() {}

    /** The age of something created at {@code created}, seen at {@code now}; {@code <unknown>} when created is null. */
    public static String since(Instant created, Instant now) {
        if (created == null) return "<unknown>";
        return format(Duration.between(created, now));
    }

    /** Parses an RFC 3339 timestamp as stored in {@code metadata.creationTimestamp}; {@code <unknown>} when absent or malformed. */
    public static String since(String rfc3339, Instant now) {
        if (rfc3339 == null || rfc3339.isBlank()) return "<unknown>";
        try {
            return since(Instant.parse(rfc3339), now);
        } catch (java.time.format.DateTimeParseException e) {
            return "<unknown>";
        }
    }

    /** Human duration: {@code 5s}, {@code 3m12s}, {@code 45m}, {@code 4h}, {@code 5h30m}, {@code 2d}, {@code 3d4h}, {@code 2y}. */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        // Up to a second of clock skew between client and server still reads as "just now".
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return seconds + "s";
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) return minutes + "m";
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) return hours + "h";
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) return hours / 24 + "d";
        if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
