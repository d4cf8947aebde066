package dev.canopy.tenancy.templates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Pure rule: the parameter values a TemplateInstance gets from its Template, as kiosk decides them. A value
 * the instance gives wins over the Template's default; a {@code required} parameter must be given by the
 * instance; a given value must match the parameter's {@code validation} regex (anywhere in the value, like
 * Go's {@code regexp.MatchString}, as kiosk does); a parameter the Template does not declare is refused.
 * Every problem is a {@link FieldError} naming the instance field ({@code spec.parameters[i].value} …).
 * Thread-safe, no I/O.
 */
public final class TemplateParameters {
    private TemplateParameters() {}

    /** The outcome: the values by name (declared parameters with a value only), or the problems. */
    public record Result(Map<String, String> values, List<FieldError> errors) {
        public Result {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            errors = List.copyOf(errors);
        }

        public boolean ok() { return errors.isEmpty(); }
    }

    /**
     * @param templateName       for messages
     * @param declared           the Template's {@code parameters} (array or missing)
     * @param given              the instance's {@code spec.parameters} (array or missing)
     * @param instanceFieldPrefix where {@code given} lives, e.g. {@code spec.parameters}
     */
    public static Result resolve(String templateName, JsonNode declared, JsonNode given, String instanceFieldPrefix) {
        Map<String, JsonNode> decl = new LinkedHashMap<>();
        if (declared != null && declared.isArray()) declared.forEach(p -> decl.putIfAbsent(p.path("name").asText(""), p));
        decl.remove("");
        Map<String, String> values = new LinkedHashMap<>();
        decl.forEach((name, p) -> { if (p.hasNonNull("value")) values.put(name, p.get("value").asText()); });
        List<FieldError> errors = new ArrayList<>();
        Map<String, Integer> givenAt = new LinkedHashMap<>();
        if (given != null && given.isArray()) {
            for (int i = 0; i < given.size(); i++) {
                JsonNode g = given.get(i);
                String name = g.path("name").asText("");
                String path = instanceFieldPrefix + "[" + i + "]";
                if (name.isEmpty()) { errors.add(FieldError.required(path + ".name", "the name of a parameter template " + templateName + " declares")); continue; }
                JsonNode p = decl.get(name);
                if (p == null) {
                    errors.add(decl.isEmpty()
                            ? FieldError.invalid(path + ".name", name, "template " + templateName + " declares no parameters")
                            : FieldError.notSupported(path + ".name", name, decl.keySet()));
                    continue;
                }
                givenAt.putIfAbsent(name, i);
                String value = g.path("value").asText("");
                String regex = p.path("validation").asText("");
                if (!regex.isEmpty()) {
                    try {
                        if (!Pattern.compile(regex).matcher(value).find()) {
                            errors.add(FieldError.invalid(path + ".value", value, "parameter " + name + " must match " + regex));
                        }
                    } catch (PatternSyntaxException e) {
                        errors.add(FieldError.invalid(path + ".value", value, "parameter " + name + " of template " + templateName + " has an invalid validation regex"));
                    }
                }
                values.put(name, value);
            }
        }
        decl.forEach((name, p) -> {
            if (p.path("required").asBoolean(false) && !givenAt.containsKey(name)) {
                errors.add(FieldError.required(instanceFieldPrefix, "parameter " + name + " is required by template " + templateName));
            }
        });
        return new Result(values, errors);
    }
}
