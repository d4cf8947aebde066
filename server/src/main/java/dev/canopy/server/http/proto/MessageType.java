package dev.canopy.server.http.proto;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declarative table of one protobuf message: its fields, in the order of the Go struct (which is the
 * order of the JSON output). Built once at class initialisation and never changed: thread-safe.
 */
public final class MessageType {
    private final String name;
    private final List<Field> fields;
    private final Map<Integer, Field> byNumber;

    private MessageType(String name, List<Field> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
        Map<Integer, Field> map = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Field f : this.fields) {
            if (map.put(f.number(), f) != null) throw new IllegalArgumentException(name + ": duplicate field number " + f.number());
            if (!names.add(f.json())) throw new IllegalArgumentException(name + ": duplicate JSON name " + f.json());
        }
        this.byNumber = Map.copyOf(map);
    }

    /** A table named {@code name} (the protobuf message name, used in error messages). */
    public static MessageType of(String name, Field... fields) { return new MessageType(name, List.of(fields)); }

    public String name() { return name; }

    /** The fields in JSON output order. */
    public List<Field> fields() { return fields; }

    /** The field with that protobuf number, or null if the table does not know it (it is then skipped). */
    public Field field(int number) { return byNumber.get(number); }

    @Override
    public String toString() { return "MessageType[" + name + "]"; }
}
