package dev.canopy.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.canopy.api.Json;
import java.io.PrintWriter;

/**
 * Prints an object for {@code -o json} or {@code -o yaml} the way kubectl does: JSON indented by four
 * spaces with {@code "key": value}, YAML in block style without a document marker. Any Jackson-mappable
 * value works: an {@code ObjectNode} from the seed, a fabric8 model object, a record, a map.
 */
public final class Output {
    private Output() {}

    private static final ObjectWriter JSON = Json.MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    /** JSON text of {@code value}, pretty-printed like {@code kubectl -o json}, without a trailing newline. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** YAML text of {@code value}, ending with a newline. */
    public static String yaml(Object value) { return Json.yaml(value); }

    /**
     * Prints {@code value} in a structured format.
     *
     * @throws IllegalArgumentException for TABLE/WIDE: those need a {@link TablePrinter}, which knows the columns
     */
    public static void print(Format format, Object value, PrintWriter out) {
        switch (format) {
            case JSON -> out.println(json(value));
            case YAML -> out.print(yaml(value));
            case TABLE, WIDE -> throw new IllegalArgumentException("tables are printed with TablePrinter");
        }
        out.flush();
    }
}
