package dev.canopy.server.http.proto;

import java.util.Objects;

/**
 * One row of a {@link MessageType} table: protobuf field number, the Kubernetes JSON name and how to decode it.
 * A scalar that arrives with its zero value ("", 0, false) is left out of the JSON, because go-to-protobuf writes
 * every non-pointer field even when unset; a {@linkplain #pointer() pointer} field (a Go {@code *bool}, {@code *int64}, ...)
 * is only written when set, so its zero value is kept ({@link #keepZero()}).
 * Immutable record; thread-safe.
 *
 * @param number  the protobuf field number (from Kubernetes' generated.proto)
 * @param json    the JSON field name
 * @param kind    how the value is encoded
 * @param type    the nested table for {@link FieldKind#MESSAGE} / {@link FieldKind#REPEATED_MESSAGE}, else null
 * @param keepZero keep zero values that are on the wire (the Go field is a pointer)
 */
public record Field(int number, String json, FieldKind kind, MessageType type, boolean keepZero) {
    public Field {
        if (number <= 0) throw new IllegalArgumentException("field number must be positive: " + number);
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(kind, "kind");
        if (kind.needsType() != (type != null)) throw new IllegalArgumentException(json + ": a message type is required exactly for message kinds");
    }

    /** The same field, marked as a Go pointer: a zero value that is on the wire is kept. */
    public Field pointer() { return new Field(number, json, kind, type, true); }

    public static Field str(int number, String json) { return new Field(number, json, FieldKind.STRING, null, false); }
    public static Field int32(int number, String json) { return new Field(number, json, FieldKind.INT32, null, false); }
    public static Field int64(int number, String json) { return new Field(number, json, FieldKind.INT64, null, false); }
    public static Field bool(int number, String json) { return new Field(number, json, FieldKind.BOOL, null, false); }
    public static Field bytes(int number, String json) { return new Field(number, json, FieldKind.BYTES, null, false); }
    public static Field time(int number, String json) { return new Field(number, json, FieldKind.TIME, null, false); }
    public static Field quantity(int number, String json) { return new Field(number, json, FieldKind.QUANTITY, null, false); }
    public static Field intOrString(int number, String json) { return new Field(number, json, FieldKind.INT_OR_STRING, null, false); }
    public static Field fieldsV1(int number, String json) { return new Field(number, json, FieldKind.FIELDS_V1, null, false); }
    public static Field message(int number, String json, MessageType type) { return new Field(number, json, FieldKind.MESSAGE, type, false); }
    public static Field stringMap(int number, String json) { return new Field(number, json, FieldKind.MAP_STRING, null, false); }
    public static Field bytesMap(int number, String json) { return new Field(number, json, FieldKind.MAP_BYTES, null, false); }
    public static Field stringListMap(int number, String json) { return new Field(number, json, FieldKind.MAP_STRING_LIST, null, false); }
    public static Field strings(int number, String json) { return new Field(number, json, FieldKind.REPEATED_STRING, null, false); }
    public static Field messages(int number, String json, MessageType type) { return new Field(number, json, FieldKind.REPEATED_MESSAGE, type, false); }
}
