package dev.canopy.api.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.util.List;
import java.util.Map;

/**
 * A structural schema (the OpenAPI v3 subset Kubernetes uses for CRDs), immutable. Object types are
 * named components referenced by {@link Ref}, which is how recursive types are expressed.
 * Rendering is pure; instances are safe to share between threads.
 */
public sealed interface Schema {
    String description();

    /** A copy carrying {@code d} as its description (used for per-property descriptions). */
    Schema describe(String d);

    /** A struct: named properties; {@code listRules} gives list semantics per property name (may be empty). */
    record Obj(String description, Map<String, Schema> properties, Map<String, ListRules.Rule> listRules) implements Schema {
        public Schema describe(String d) { return new Obj(d, properties, listRules); }
    }

    /** A map with string keys. */
    record MapOf(String description, Schema values) implements Schema {
        public Schema describe(String d) { return new MapOf(d, values); }
    }

    record Arr(String description, Schema items) implements Schema {
        public Schema describe(String d) { return new Arr(d, items); }
    }

    /** @param format e.g. date-time, byte, or null; @param enumValues allowed values, empty = any */
    record Str(String description, String format, List<String> enumValues) implements Schema {
        public Schema describe(String d) { return new Str(d, format, enumValues); }
    }

    /** @param format int32 or int64 */
    record Int(String description, String format) implements Schema {
        public Schema describe(String d) { return new Int(d, format); }
    }

    record Num(String description) implements Schema {
        public Schema describe(String d) { return new Num(d); }
    }

    record Bool(String description) implements Schema {
        public Schema describe(String d) { return new Bool(d); }
    }

    /** {@code x-kubernetes-int-or-string}; a quantity also accepts decimal numbers ("0.5" cpu). */
    record IntOrString(String description, boolean quantity) implements Schema {
        public Schema describe(String d) { return new IntOrString(d, quantity); }
    }

    /** {@code x-kubernetes-preserve-unknown-fields}: any JSON value (or any object when {@code object}). */
    record Any(String description, boolean object) implements Schema {
        public Schema describe(String d) { return new Any(d, object); }
    }

    /** A reference to a named component. */
    record Ref(String description, String name) implements Schema {
        public Schema describe(String d) { return new Ref(d, name); }
    }

    /** Which OpenAPI dialect to render: v3 ({@code #/components/schemas/}) or Swagger 2.0 ({@code #/definitions/}). */
    enum Dialect {
        V3("#/components/schemas/"), V2("#/definitions/");
        final String refPrefix;
        Dialect(String refPrefix) { this.refPrefix = refPrefix; }
    }

    /** Renders this schema as OpenAPI JSON. */
    default ObjectNode toJson(Dialect dialect) {
        ObjectNode n = Json.object();
        switch (this) {
            case Ref r -> {
                if (dialect == Dialect.V3 && r.description() != null) {
                    // OpenAPI 3.0 ignores siblings of $ref; Kubernetes wraps in allOf so the description survives.
                    n.putArray("allOf").addObject().put("$ref", dialect.refPrefix + r.name());
                } else {
                    n.put("$ref", dialect.refPrefix + r.name());
                }
            }
            case Obj o -> {
                n.put("type", "object");
                if (!o.properties().isEmpty()) {
                    ObjectNode props = n.putObject("properties");
                    o.properties().forEach((k, v) -> {
                        ObjectNode p = v.toJson(dialect);
                        ListRules.Rule rule = o.listRules().get(k);
                        if (rule != null) rule.decorate(p);
                        props.set(k, p);
                    });
                }
            }
            case MapOf m -> {
                n.put("type", "object");
                n.set("additionalProperties", m.values().toJson(dialect));
            }
            case Arr a -> {
                n.put("type", "array");
                n.set("items", a.items().toJson(dialect));
            }
            case Str s -> {
                n.put("type", "string");
                if (s.format() != null) n.put("format", s.format());
                if (!s.enumValues().isEmpty()) {
                    ArrayNode e = n.putArray("enum");
                    s.enumValues().forEach(e::add);
                }
            }
            case Int i -> {
                n.put("type", "integer");
                n.put("format", i.format());
            }
            case Num x -> {
                n.put("type", "number");
                n.put("format", "double");
            }
            case Bool b -> n.put("type", "boolean");
            case IntOrString x -> {
                if (dialect == Dialect.V3) {
                    ArrayNode any = n.putArray("anyOf");
                    any.addObject().put("type", "integer");
                    any.addObject().put("type", "string");
                } else {
                    n.put("type", "string");
                    n.put("format", "int-or-string");
                }
                n.put("x-kubernetes-int-or-string", true);
            }
            case Any x -> {
                if (x.object()) n.put("type", "object");
                n.put("x-kubernetes-preserve-unknown-fields", true);
            }
        }
        if (description() != null && !description().isEmpty()) n.put("description", description());
        return n;
    }
}
