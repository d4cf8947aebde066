package dev.canopy.cli.output;

import java.util.Locale;
import picocli.CommandLine;

/** The {@code -o/--output} formats, as kubectl names them. */
public enum Format {
    TABLE, WIDE, JSON, YAML;

    public boolean structured() { return this == JSON || this == YAML; }

    /** Parses {@code -o}; an unknown format is a usage error listing the allowed ones, like kubectl's. */
    public static Format parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("unable to match a printer suitable for the output format \"" + s
                    + "\", allowed formats are: json,yaml,wide,table");
        }
    }

    /** picocli converter for {@code -o}. */
    public static final class Converter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) { return parse(value); }
    }
}
