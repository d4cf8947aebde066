package dev.canopy.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.ApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector: the string form of {@code ?labelSelector=} (equality {@code a=b,a==b,a!=b};
 * set-based {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}) and the object form
 * ({@code matchLabels}, {@code matchExpressions} with In/NotIn/Exists/DoesNotExist). Immutable and
 * thread-safe; all requirements must hold (logical AND).
 */
public final class LabelSelector {
    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());
    /** Matches nothing (an object-form selector that is null means "no cluster" for placement). */
    public static final LabelSelector NOTHING = new LabelSelector(List.of());

    /** Set-based and equality requirements share one representation, as in k8s.io/apimachinery/pkg/labels. */
    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    /** One requirement; {@code values} is sorted (it is a set) and empty for EXISTS/DOES_NOT_EXIST. */
    public record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            values = List.copyOf(new TreeSet<>(values));
        }

        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> v != null && values.contains(v);
                case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
            };
        }

        @Override public String toString() {
            return switch (operator) {
                case EQUALS -> key + "=" + values.get(0);
                case NOT_EQUALS -> key + "!=" + values.get(0);
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** Builds a selector from requirements (keys and values validated); no requirements gives {@link #EVERYTHING}. */
    public static LabelSelector of(List<Requirement> requirements) {
        for (Requirement r : requirements) validate(r, r.toString());
        return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements);
    }

    /** Equality on every entry of {@code labels} (the {@code matchLabels} form). */
    public static LabelSelector matchLabels(Map<String, String> labels) {
        List<Requirement> out = new ArrayList<>();
        labels.forEach((k, v) -> out.add(new Requirement(k, Operator.EQUALS, List.of(v))));
        return of(out);
    }

    /** Parses the query-string form; a syntax error is a 400 {@code ApiException} naming labelSelector and the rule. */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) return EVERYTHING;
        return of(new Parser(text).parse());
    }

    /** From the object form ({@code {matchLabels:…, matchExpressions:[…]}}); null/missing → NOTHING; {} → EVERYTHING. */
    public static LabelSelector fromJson(JsonNode selector) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) return NOTHING;
        if (!selector.isObject()) throw bad(selector.toString(), "must be an object with matchLabels and/or matchExpressions");
        List<Requirement> out = new ArrayList<>();
        JsonNode ml = selector.get("matchLabels");
        if (ml != null && !ml.isNull()) {
            if (!ml.isObject()) throw bad(selector.toString(), "matchLabels must be a map of strings");
            ml.properties().forEach(e -> out.add(new Requirement(e.getKey(), Operator.EQUALS, List.of(e.getValue().asText()))));
        }
        JsonNode me = selector.get("matchExpressions");
        if (me != null && !me.isNull()) {
            if (!me.isArray()) throw bad(selector.toString(), "matchExpressions must be a list");
            for (JsonNode e : me) out.add(expression(e));
        }
        return of(out);
    }

    private static Requirement expression(JsonNode e) {
        String key = e.path("key").asText("");
        String op = e.path("operator").asText("");
        List<String> values = new ArrayList<>();
        e.path("values").forEach(v -> values.add(v.asText()));
        Operator operator = switch (op) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default -> throw bad(e.toString(), "operator \"" + op + "\" is not one of In, NotIn, Exists, DoesNotExist");
        };
        if ((operator == Operator.IN || operator == Operator.NOT_IN) && values.isEmpty())
            throw bad(e.toString(), "operator " + op + " needs at least one value");
        if ((operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) && !values.isEmpty())
            throw bad(e.toString(), "operator " + op + " takes no values");
        return new Requirement(key, operator, values);
    }

    public boolean matches(Map<String, String> labels) {
        if (this == NOTHING) return false;
        for (Requirement r : requirements) if (!r.matches(labels)) return false;
        return true;
    }

    public boolean isEverything() { return this == EVERYTHING; }

    public boolean isNothing() { return this == NOTHING; }

    public List<Requirement> requirements() { return requirements; }

    /** The equality requirements (k=v, or k in (v)) contained in this selector, for index-assisted lookups. */
    public Map<String, String> equalities() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Requirement r : requirements)
            if ((r.operator() == Operator.EQUALS || r.operator() == Operator.IN) && r.values().size() == 1)
                out.putIfAbsent(r.key(), r.values().get(0));
        return Collections.unmodifiableMap(out);
    }

    /** The canonical string form, parseable by {@link #parse}. */
    @Override public String toString() {
        return String.join(",", requirements.stream().map(Requirement::toString).toList());
    }

    @Override public boolean equals(Object o) {
        return o instanceof LabelSelector s && s.requirements.equals(requirements) && (this == NOTHING) == (s == NOTHING);
    }

    @Override public int hashCode() { return requirements.hashCode(); }

    private static void validate(Requirement r, String text) {
        String keyProblem = keyProblem(r.key());
        if (keyProblem != null) throw bad(text, "invalid label key \"" + r.key() + "\": " + keyProblem);
        for (String v : r.values()) {
            if (v.length() > 63) throw bad(text, "invalid label value \"" + v + "\": must be no more than 63 characters");
            if (!v.isEmpty() && !NAME.matcher(v).matches())
                throw bad(text, "invalid label value \"" + v + "\": a valid label value must be empty or consist of alphanumeric "
                        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }
        if ((r.operator() == Operator.EQUALS || r.operator() == Operator.NOT_EQUALS) && r.values().size() != 1)
            throw bad(text, "exactly one value is required for " + r.operator());
    }

    /** Null when {@code key} is a valid qualified label key, else why not. */
    static String keyProblem(String key) {
        if (key.isEmpty()) return "name part must be non-empty";
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) return "prefix part must be non-empty";
            if (prefix.length() > 253) return "prefix part must be no more than 253 characters";
            if (!DNS_SUBDOMAIN.matcher(prefix).matches())
                return "prefix part must be a lowercase RFC 1123 subdomain";
        }
        if (name.isEmpty()) return "name part must be non-empty";
        if (name.length() > 63) return "name part must be no more than 63 characters";
        if (!NAME.matcher(name).matches())
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
        return null;
    }

    static ApiException bad(String text, String why) {
        return ApiException.badRequest("invalid labelSelector \"" + text + "\": " + why);
    }

    /** A small recursive-descent parser over the grammar of k8s.io/apimachinery/pkg/labels. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) { this.text = text; }

        List<Requirement> parse() {
            List<Requirement> out = new ArrayList<>();
            while (true) {
                out.add(requirement());
                skipSpace();
                if (pos >= text.length()) return out;
                if (text.charAt(pos) != ',') throw bad(text, "expected ',' at position " + pos + " but found '" + text.charAt(pos) + "'");
                pos++;
            }
        }

        private Requirement requirement() {
            skipSpace();
            if (peek('!')) {
                pos++;
                String key = identifier("a label key after '!'");
                return new Requirement(key, Operator.DOES_NOT_EXIST, List.of());
            }
            String key = identifier("a label key");
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) == ',') return new Requirement(key, Operator.EXISTS, List.of());
            if (text.startsWith("==", pos)) { pos += 2; return new Requirement(key, Operator.EQUALS, List.of(value())); }
            if (text.startsWith("!=", pos)) { pos += 2; return new Requirement(key, Operator.NOT_EQUALS, List.of(value())); }
            if (peek('=')) { pos++; return new Requirement(key, Operator.EQUALS, List.of(value())); }
            int save = pos;
            String word = word();
            Operator op = switch (word) {
                case "in" -> Operator.IN;
                case "notin" -> Operator.NOT_IN;
                default -> {
                    pos = save;
                    throw bad(text, "expected one of '=', '==', '!=', 'in', 'notin' after \"" + key + "\" at position " + save);
                }
            };
            skipSpace();
            if (!peek('(')) throw bad(text, "expected '(' after '" + word + "' at position " + pos);
            pos++;
            Set<String> values = new TreeSet<>();
            while (true) {
                skipSpace();
                values.add(word());
                skipSpace();
                if (peek(',')) { pos++; continue; }
                if (peek(')')) { pos++; break; }
                throw bad(text, "expected ',' or ')' in the value list at position " + pos);
            }
            if (values.size() == 1 && values.contains("")) values.clear();
            if (values.isEmpty()) throw bad(text, "'" + word + "' needs at least one value");
            return new Requirement(key, op, new ArrayList<>(values));
        }

        private String identifier(String what) {
            skipSpace();
            String w = word();
            if (w.isEmpty()) throw bad(text, "expected " + what + " at position " + pos);
            return w;
        }

        private String value() {
            skipSpace();
            return word();
        }

        private String word() {
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/') pos++;
                else break;
            }
            return text.substring(start, pos);
        }

        private boolean peek(char c) { return pos < text.length() && text.charAt(pos) == c; }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }
    }
}
