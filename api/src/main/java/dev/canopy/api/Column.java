package dev.canopy.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * One column of the {@code Table} that {@code kubectl get} prints for a kind (after NAME, before AGE,
 * which the server adds). {@code value} reads the cell from the stored object and must not throw on a
 * missing field (return null or "&lt;none&gt;").
 *
 * @param type     OpenAPI type of the cell: string, integer, number, boolean, date
 * @param priority 0 = always shown, 1 = only with {@code -o wide}
 */
public record Column(String name, String type, String description, int priority, Function<ObjectNode, Object> value) {
    public static Column of(String name, String description, Function<ObjectNode, Object> value) {
        return new Column(name, "string", description, 0, value);
    }

    public static Column wide(String name, String description, Function<ObjectNode, Object> value) {
        return new Column(name, "string", description, 1, value);
    }

    /** A string cell at a dotted path such as {@code status.domain}; "" when absent. */
    public static Column path(String name, String description, String dottedPath) {
        return of(name, description, o -> Objects.text(o, dottedPath));
    }
}
