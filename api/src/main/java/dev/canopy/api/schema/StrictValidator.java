package dev.canopy.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.ResourceType;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict field validation against a kind's structural schema, as kube-apiserver does with
 * {@code fieldValidation=Strict}: every unknown field and every value of the wrong JSON type is
 * reported with its path ({@code spec.hots}, {@code subjects[0].nmae}, {@code data[key]}). It walks the
 * JSON tree rather than deserializing, because fabric8 models swallow unknown fields into
 * {@code additionalProperties}. Pure and thread-safe.
 */
public final class StrictValidator {
    private StrictValidator() {}

    /** All unknown and mistyped fields of {@code object}; empty when it fits the kind's schema. */
    public static List<FieldError> validate(ResourceType type, JsonNode object) {
        List<FieldError> errors = new ArrayList<>();
        if (object == null || !object.isObject()) {
            errors.add(FieldError.typeInvalid("<root>", "object"));
            return errors;
        }
        Schemas.Model model = Schemas.of(type.model());
        Schemas.Model meta = Schemas.of(ObjectMeta.class);
        Schema root = model.rootSchema();
        Map<String, Schema> props = root instanceof Schema.Obj o ? o.properties() : Map.of();
        for (var e : object.properties()) {
            String k = e.getKey();
            Schema s = props.get(k);
            switch (k) {
                case "apiVersion", "kind" -> {
                    if (!e.getValue().isTextual() && !e.getValue().isNull()) errors.add(FieldError.typeInvalid(k, "string"));
                }
                case "metadata" -> walk(s != null ? model : meta, s != null ? s : new Schema.Ref(null, meta.root()), e.getValue(), k, errors);
                default -> {
                    if (s == null) errors.add(FieldError.unknown(k));
                    else walk(model, s, e.getValue(), k, errors);
                }
            }
        }
        return errors;
    }

    /**
     * Checks that a body's {@code apiVersion} and {@code kind}, when present, are the ones the request
     * path serves (absent ones are filled in by the server).
     */
    public static List<FieldError> checkTypeMeta(ResourceType type, JsonNode object) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode av = object == null ? null : object.get("apiVersion");
        JsonNode kind = object == null ? null : object.get("kind");
        if (av != null && !av.isNull() && !type.apiVersion().equals(av.asText())) {
            errors.add(FieldError.invalid("apiVersion", av.asText(), "must be " + type.apiVersion() + " for " + type.groupResource()));
        }
        if (kind != null && !kind.isNull() && !type.kind().equals(kind.asText())) {
            errors.add(FieldError.invalid("kind", kind.asText(), "must be " + type.kind() + " for " + type.groupResource()));
        }
        return errors;
    }

    private static void walk(Schemas.Model model, Schema schema, JsonNode value, String path, List<FieldError> errors) {
        if (value == null || value.isNull()) return; // null means "unset" for every field
        Schema s = model.resolve(schema);
        switch (s) {
            case Schema.Obj o -> {
                if (!value.isObject()) { errors.add(FieldError.typeInvalid(path, "object")); return; }
                for (var e : value.properties()) {
                    Schema p = o.properties().get(e.getKey());
                    String child = path + "." + e.getKey();
                    if (p == null) errors.add(FieldError.unknown(child));
                    else walk(model, p, e.getValue(), child, errors);
                }
            }
            case Schema.MapOf m -> {
                if (!value.isObject()) { errors.add(FieldError.typeInvalid(path, "object")); return; }
                value.properties().forEach(e -> walk(model, m.values(), e.getValue(), path + "[" + e.getKey() + "]", errors));
            }
            case Schema.Arr a -> {
                if (!value.isArray()) { errors.add(FieldError.typeInvalid(path, "array")); return; }
                for (int i = 0; i < value.size(); i++) walk(model, a.items(), value.get(i), path + "[" + i + "]", errors);
            }
            case Schema.Str str -> {
                if (!value.isTextual()) errors.add(FieldError.typeInvalid(path, "string"));
                else if (!str.enumValues().isEmpty() && !str.enumValues().contains(value.asText())) {
                    errors.add(FieldError.notSupported(path, value.asText(), str.enumValues()));
                }
            }
            case Schema.Int i -> {
                if (!value.isIntegralNumber() && !(value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0)) {
                    errors.add(FieldError.typeInvalid(path, "integer"));
                }
            }
            case Schema.Num n -> {
                if (!value.isNumber()) errors.add(FieldError.typeInvalid(path, "number"));
            }
            case Schema.Bool b -> {
                if (!value.isBoolean()) errors.add(FieldError.typeInvalid(path, "boolean"));
            }
            case Schema.IntOrString ios -> {
                boolean ok = value.isTextual() || value.isIntegralNumber() || (ios.quantity() && value.isNumber());
                if (!ok) errors.add(FieldError.typeInvalid(path, ios.quantity() ? "string or number" : "string or integer"));
            }
            case Schema.Any any -> {
                if (any.object() && !value.isObject()) errors.add(FieldError.typeInvalid(path, "object"));
            }
            case Schema.Ref r -> throw new IllegalStateException("unresolved reference " + r.name());
        }
    }
}
