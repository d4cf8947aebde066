package dev.canopy.tenancy.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure rule: kiosk's parameter syntax in the strings of a JSON tree.
 * <ul>
 *   <li>{@code ${X}} inside a string is replaced by X's value;</li>
 *   <li>a string that is exactly {@code ${{X}}} becomes X's value parsed as YAML ({@code "1"} → {@code 1},
 *       {@code "true"} → {@code true}, a flow map → a map);</li>
 *   <li>{@code $${X}} is an escape: it becomes the literal {@code ${X}};</li>
 *   <li>built-ins (case-insensitive, as in kiosk): {@code NAMESPACE}, {@code namespace.metadata.labels.K},
 *       {@code namespace.metadata.annotations.K}, {@code ACCOUNT}, {@code account.metadata.labels.K},
 *       {@code account.metadata.annotations.K}; a label or annotation that is absent is an error;</li>
 *   <li>a name that is neither a built-in nor a parameter with a value stays as it is ({@code ${X}}), as in
 *       kiosk (its example manifest relies on it).</li>
 * </ul>
 * Keys are left alone; only string values change. Problems are {@link FieldError}s at the string's path.
 * Thread-safe, no I/O.
 */
public final class Substitution {
    private static final Pattern VAR = Pattern.compile("\\$+?\\{[^}]+}");
    private static final Pattern WHOLE_VALUE = Pattern.compile("^\\$\\{\\{([^}]+)}}$");

    private final Map<String, String> values;
    private final TemplateContext context;

    public Substitution(Map<String, String> values, TemplateContext context) {
        this.values = Map.copyOf(values);
        this.context = context;
    }

    /** A copy of {@code tree} with every string substituted; problems are added to {@code errors} (path prefix {@code path}). */
    public JsonNode apply(JsonNode tree, String path, List<FieldError> errors) {
        if (tree == null) return null;
        if (tree.isTextual()) return string(tree.asText(), path, errors);
        if (tree instanceof ObjectNode o) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            o.properties().forEach(e -> out.set(e.getKey(), apply(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), errors)));
            return out;
        }
        if (tree instanceof ArrayNode a) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (int i = 0; i < a.size(); i++) out.add(apply(a.get(i), path + "[" + i + "]", errors));
            return out;
        }
        return tree.deepCopy();
    }

    /** One string value: a whole-value {@code ${{X}}} may become any JSON value; anything else stays a string. */
    JsonNode string(String s, String path, List<FieldError> errors) {
        Matcher whole = WHOLE_VALUE.matcher(s);
        if (whole.matches()) {
            String name = whole.group(1);
            Optional<String> v = lookup(name, path, errors);
            if (v.isEmpty()) return TextNode.valueOf("${" + name + "}");
            try {
                JsonNode parsed = Json.YAML.readTree(v.get());
                return parsed == null || parsed.isMissingNode() ? TextNode.valueOf("") : parsed;
            } catch (java.io.IOException e) {
                errors.add(FieldError.invalid(path, s, "the value of " + name + " is not YAML: " + e.getMessage().lines().findFirst().orElse("")));
                return TextNode.valueOf(s);
            }
        }
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        boolean found = false;
        while (last <= s.length() && m.find(last)) {
            found = true;
            out.append(s, last, m.start());
            String match = m.group();
            int end = m.end();
            if (match.startsWith("$$")) {
                out.append(match.substring(1));   // escape: one '$' fewer, no substitution
            } else {
                String name = match.substring(2, match.length() - 1);
                if (name.startsWith("{") && end < s.length() && s.charAt(end) == '}') {
                    name = name.substring(1);   // "${{X}}" inside a longer string: interpolate X
                    end++;
                    match = match + "}";
                }
                out.append(lookup(name, path, errors).orElse(match));
            }
            last = end;
        }
        if (!found) return TextNode.valueOf(s);
        out.append(s, last, s.length());
        return TextNode.valueOf(out.toString());
    }

    /** A built-in or a parameter's value; empty when the name is unknown (the reference then stays). */
    Optional<String> lookup(String name, String path, List<FieldError> errors) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("namespace")) return Optional.of(context.namespace());
        if (lower.startsWith("namespace.metadata.labels.")) return meta(name, "namespace.metadata.labels.".length(), context.namespaceLabels(), "namespace " + context.namespace(), "label", path, errors);
        if (lower.startsWith("namespace.metadata.annotations.")) return meta(name, "namespace.metadata.annotations.".length(), context.namespaceAnnotations(), "namespace " + context.namespace(), "annotation", path, errors);
        if (lower.equals("account") || lower.startsWith("account.metadata.")) {
            if (context.account() == null) {
                errors.add(FieldError.invalid(path, "${" + name + "}", "namespace " + context.namespace() + " belongs to no account"));
                return Optional.of("");
            }
            if (lower.equals("account")) return Optional.of(context.account());
            if (lower.startsWith("account.metadata.labels.")) return meta(name, "account.metadata.labels.".length(), context.accountLabels(), "account " + context.account(), "label", path, errors);
            if (lower.startsWith("account.metadata.annotations.")) return meta(name, "account.metadata.annotations.".length(), context.accountAnnotations(), "account " + context.account(), "annotation", path, errors);
        }
        return Optional.ofNullable(values.get(name));
    }

    private static Optional<String> meta(String name, int prefix, Map<String, String> map, String owner, String what, String path, List<FieldError> errors) {
        String key = name.substring(prefix);
        String v = map.get(key);
        if (v == null) {
            errors.add(FieldError.invalid(path, "${" + name + "}", owner + " has no " + what + " " + key));
            return Optional.of("");
        }
        return Optional.of(v);
    }
}
