package dev.canopy.api.schema;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.canopy.api.Json;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Structural schemas derived from model classes by Jackson bean introspection (the same view of the
 * class that serialization uses), so a kind's schema is its Java type and nothing else.
 * {@link #of(Class)} is cached and thread-safe; results are immutable.
 */
public final class Schemas {
    private Schemas() {}

    /**
     * A model's schema: {@code root} names the component describing the class itself; every object type
     * reachable from it is a named component (which makes recursive types finite).
     */
    public record Model(String root, Map<String, Schema> components) {
        public Schema rootSchema() { return components.get(root); }

        /** Follows a {@link Schema.Ref} to its component; other schemas are returned unchanged. */
        public Schema resolve(Schema s) {
            return s instanceof Schema.Ref r ? components.get(r.name()) : s;
        }
    }

    private static final Map<Class<?>, Model> CACHE = new ConcurrentHashMap<>();

    private static final Set<String> META_TYPES = Set.of("ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement",
            "ManagedFieldsEntry", "OwnerReference", "Condition", "Status", "StatusDetails", "StatusCause", "FieldsV1",
            "DeleteOptions", "Preconditions", "Time", "MicroTime", "APIResource", "APIResourceList", "Table", "TableColumnDefinition");

    public static Model of(Class<?> type) {
        return CACHE.computeIfAbsent(type, t -> new Builder().build(t));
    }

    /**
     * The OpenAPI component name of a model class, in Kubernetes' style: fabric8's meta types become
     * {@code io.k8s.apimachinery.pkg.apis.meta.v1.X}, core types {@code io.k8s.api.core.v1.X}, rbac
     * {@code io.k8s.api.rbac.v1.X}; Canopy's records {@code <package>.<Outer><Inner>}.
     */
    public static String componentName(Class<?> c) {
        String pkg = c.getPackageName();
        String simple = nestedName(c);
        String f8 = "io.fabric8.kubernetes.api.model";
        if (pkg.equals(f8)) {
            return META_TYPES.contains(simple) ? "io.k8s.apimachinery.pkg.apis.meta.v1." + simple : "io.k8s.api.core.v1." + simple;
        }
        if (pkg.startsWith(f8 + ".")) {
            String sub = pkg.substring(f8.length() + 1);
            int dot = sub.indexOf('.');
            return "io.k8s.api." + (dot < 0 ? sub : sub.substring(0, dot)) + ".v1." + simple;
        }
        return pkg + "." + simple;
    }

    private static String nestedName(Class<?> c) {
        StringBuilder sb = new StringBuilder(c.getSimpleName());
        for (Class<?> o = c.getEnclosingClass(); o != null; o = o.getEnclosingClass()) sb.insert(0, o.getSimpleName());
        return sb.toString();
    }

    /** Builds one model's components; single-threaded, used once per class. */
    private static final class Builder {
        private final Map<String, Schema> components = new LinkedHashMap<>();
        private final Set<String> building = new HashSet<>();

        Model build(Class<?> type) {
            Schema root = schemaFor(Json.MAPPER.constructType(type), null);
            if (!(root instanceof Schema.Ref r)) {
                throw new IllegalArgumentException(type.getName() + " is not an object model (schema " + root + ")");
            }
            return new Model(r.name(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components)));
        }

        private Schema schemaFor(JavaType t, String propertyName) {
            Class<?> raw = t.getRawClass();
            if (raw == Optional.class) return schemaFor(t.containedTypeOrUnknown(0), propertyName);
            if (raw == String.class || raw == char.class || raw == Character.class || raw == java.util.UUID.class
                    || raw == java.net.URI.class) {
                boolean time = propertyName != null && (propertyName.endsWith("Timestamp") || propertyName.endsWith("Time")
                        || propertyName.equals("time"));
                return new Schema.Str(null, time ? "date-time" : null, List.of());
            }
            if (raw.isEnum()) {
                List<String> values = new ArrayList<>();
                for (Object c : raw.getEnumConstants()) values.add(Json.MAPPER.convertValue(c, String.class));
                return new Schema.Str(null, null, List.copyOf(values));
            }
            if (raw == boolean.class || raw == Boolean.class) return new Schema.Bool(null);
            if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class) {
                return new Schema.Int(null, "int32");
            }
            if (raw == long.class || raw == Long.class || raw == java.math.BigInteger.class) return new Schema.Int(null, "int64");
            if (raw == float.class || raw == Float.class || raw == double.class || raw == Double.class || Number.class.isAssignableFrom(raw)) {
                return new Schema.Num(null);
            }
            if (raw == byte[].class) return new Schema.Str(null, "byte", List.of());
            // Named like Kubernetes' own components so that kubectl explain prints <Quantity> / <IntOrString>.
            if (raw == Quantity.class) return named("io.k8s.apimachinery.pkg.api.resource.Quantity", new Schema.IntOrString(
                    "Quantity is a fixed-point representation of a number, such as 100m (0.1 cpu) or 8Gi.", true));
            if (raw == IntOrString.class) return named("io.k8s.apimachinery.pkg.util.intstr.IntOrString", new Schema.IntOrString(
                    "IntOrString is a type that can hold an int32 or a string.", false));
            if (java.time.temporal.TemporalAccessor.class.isAssignableFrom(raw) || java.util.Date.class.isAssignableFrom(raw)
                    || raw.getSimpleName().equals("MicroTime") || raw.getSimpleName().equals("Time")) {
                return new Schema.Str(null, "date-time", List.of());
            }
            if (raw == java.time.Duration.class || raw.getName().equals("io.fabric8.kubernetes.api.model.Duration")) {
                return new Schema.Str(null, null, List.of());
            }
            if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) return new Schema.Any(null, false);
            if (t.isMapLikeType()) {
                JavaType v = t.getContentType();
                if (v.getRawClass() == Object.class || JsonNode.class.isAssignableFrom(v.getRawClass())) return new Schema.Any(null, true);
                return new Schema.MapOf(null, schemaFor(v, null));
            }
            if (t.isCollectionLikeType() || t.isArrayType()) return new Schema.Arr(null, schemaFor(t.getContentType(), null));
            if (customSerialized(raw)) return new Schema.Any(null, false);
            return bean(t);
        }

        private Schema named(String name, Schema s) {
            components.putIfAbsent(name, s);
            return new Schema.Ref(null, name);
        }

        private static boolean customSerialized(Class<?> raw) {
            JsonDeserialize d = raw.getAnnotation(JsonDeserialize.class);
            if (d != null && d.using() != JsonDeserializer.None.class) return true;
            JsonSerialize s = raw.getAnnotation(JsonSerialize.class);
            return s != null && s.using() != JsonSerializer.None.class;
        }

        private Schema bean(JavaType t) {
            Class<?> raw = t.getRawClass();
            String name = componentName(raw);
            if (components.containsKey(name) || building.contains(name)) return new Schema.Ref(null, name);
            building.add(name);
            BeanDescription bd = Json.MAPPER.getDeserializationConfig().introspect(t);
            Map<String, Schema> props = new LinkedHashMap<>();
            for (BeanPropertyDefinition p : bd.findProperties()) {
                if (p.getName().equals("additionalProperties") || p.getPrimaryType() == null) continue;
                if (!p.couldDeserialize()) continue;
                Schema ps = schemaFor(p.getPrimaryType(), p.getName());
                String desc = p.getMetadata().getDescription();
                if (desc == null) desc = KubeDescriptions.of(raw.getSimpleName(), p.getName());
                props.put(p.getName(), desc == null ? ps : ps.describe(desc));
            }
            building.remove(name);
            if (props.isEmpty()) return new Schema.Any(null, true); // e.g. FieldsV1: free-form by design
            String parent = ListRules.parentFieldOf(raw, props.keySet());
            Map<String, ListRules.Rule> rules = new LinkedHashMap<>();
            if (parent != null) {
                props.forEach((k, v) -> {
                    if (v instanceof Schema.Arr) ListRules.find(parent, k).ifPresent(r -> rules.put(k, r));
                });
            }
            JsonClassDescription cd = raw.getAnnotation(JsonClassDescription.class);
            components.put(name, new Schema.Obj(cd == null ? KubeDescriptions.of(raw.getSimpleName(), null) : cd.value(), java.util.Collections.unmodifiableMap(props), Map.copyOf(rules)));
            return new Schema.Ref(null, name);
        }
    }
}
