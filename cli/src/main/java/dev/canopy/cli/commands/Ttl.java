package dev.canopy.cli.commands;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses a token lifetime: a number and a unit ({@code 3600s}, {@code 90m}, {@code 24h}, {@code 7d}),
 * or several such parts ({@code 1h30m}, {@code 1d12h}). A bare number is refused: "3600" could mean
 * seconds or minutes, and guessing wrong would hand out a token 60 times too long.
 */
public final class Ttl {
    private Ttl() {}

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+[smhd])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");
    static final String HINT = "use a number and a unit (s, m, h, d), e.g. 3600s, 90m, 24h or 7d";

    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": " + HINT);
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(s);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": too long");
        }
        if (d.isZero()) throw new IllegalArgumentException("invalid duration \"" + text + "\": must be longer than 0s");
        return d;
    }

    /** picocli converter: a bad value becomes a usage error naming the option. */
    public static final class Converter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
