package dev.canopy.backbone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Field checks shared by the protocol records; they throw IllegalArgumentException. Stateless. */
final class Checks {
    private Checks() {}

    static <T> T required(T value, String field) {
        if (value == null) throw new IllegalArgumentException(field + " is required");
        return value;
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " is required");
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) throw new IllegalArgumentException(field + " must not be negative");
        return value;
    }

    /** A null list reads as empty; null elements are refused. */
    static <T> List<T> list(List<T> value, String field) {
        if (value == null) return List.of();
        for (T t : value) if (t == null) throw new IllegalArgumentException(field + " must not contain null");
        return List.copyOf(value);
    }

    static <K, V> Map<K, V> map(Map<K, V> value) { return value == null ? Map.of() : Map.copyOf(value); }

    /** Kubernetes objects: JSON objects with at least kind and metadata.name. */
    static List<ObjectNode> objects(List<ObjectNode> value, String field) {
        List<ObjectNode> l = list(value, field);
        for (ObjectNode o : l) {
            if (o.path("kind").asText("").isEmpty() || o.path("metadata").path("name").asText("").isEmpty()) {
                throw new IllegalArgumentException(field + ": every object needs kind and metadata.name");
            }
        }
        return l;
    }
}
