package dev.canopy.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ?fieldSelector=} over {@code metadata.name} and {@code metadata.namespace} (operators =, ==, !=,
 * comma-separated, all must hold). Any other field is a 400 naming the supported fields. Immutable and
 * thread-safe.
 */
public final class FieldSelector {
    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    public static final List<String> SUPPORTED_FIELDS = List.of("metadata.name", "metadata.namespace");

    /** {@code field=value} (or {@code !=} when {@code negated}). */
    public record Term(String field, boolean negated, String value) {
        @Override public String toString() { return field + (negated ? "!=" : "=") + value; }
    }

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) { this.terms = List.copyOf(terms); }

    public static FieldSelector parse(String text) {
        if (text == null || text.isBlank()) return EVERYTHING;
        List<Term> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) throw bad(text, "empty requirement (check for a stray ',')");
            int i;
            int opLen;
            boolean negated = false;
            if ((i = p.indexOf("!=")) >= 0) { opLen = 2; negated = true; }
            else if ((i = p.indexOf("==")) >= 0) opLen = 2;
            else if ((i = p.indexOf('=')) >= 0) opLen = 1;
            else throw bad(text, "\"" + p + "\" has no operator; use field=value, field==value or field!=value");
            String field = p.substring(0, i).trim();
            String value = p.substring(i + opLen).trim();
            if (!SUPPORTED_FIELDS.contains(field))
                throw bad(text, "field \"" + field + "\" is not supported; supported fields: " + String.join(", ", SUPPORTED_FIELDS));
            if (value.contains("=")) throw bad(text, "\"" + p + "\" has more than one operator");
            out.add(new Term(field, negated, value));
        }
        return new FieldSelector(out);
    }

    public boolean matches(JsonNode object) {
        for (Term t : terms) {
            String actual = Objects.text(object, t.field());
            if (actual.equals(t.value()) == t.negated()) return false;
        }
        return true;
    }

    public boolean isEverything() { return terms.isEmpty(); }

    public List<Term> terms() { return terms; }

    /** The exact metadata.name this selector requires, or null (lets the store do a point read). */
    public String requiredName() { return required("metadata.name"); }

    /** The exact metadata.namespace this selector requires, or null. */
    public String requiredNamespace() { return required("metadata.namespace"); }

    private String required(String field) {
        for (Term t : terms) if (!t.negated() && t.field().equals(field)) return t.value();
        return null;
    }

    @Override public String toString() { return String.join(",", terms.stream().map(Term::toString).toList()); }

    @Override public boolean equals(Object o) { return o instanceof FieldSelector f && f.terms.equals(terms); }

    @Override public int hashCode() { return terms.hashCode(); }

    private static ApiException bad(String text, String why) {
        return ApiException.badRequest("invalid fieldSelector \"" + text + "\": " + why);
    }
}
