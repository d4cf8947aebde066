package dev.canopy.server.http.proto;

import com.google.protobuf.WireFormat;

/**
 * How one protobuf field of a Kubernetes message is read from the wire and rendered as JSON.
 * Immutable; thread-safe.
 */
public enum FieldKind {
    /** {@code string}: a JSON string. */
    STRING(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code int32}: a JSON number. */
    INT32(WireFormat.WIRETYPE_VARINT),
    /** {@code int64}: a JSON number. */
    INT64(WireFormat.WIRETYPE_VARINT),
    /** {@code bool}. */
    BOOL(WireFormat.WIRETYPE_VARINT),
    /** {@code bytes} ({@code []byte} in Go): standard base64 with padding, as encoding/json does. */
    BYTES(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code metav1.Time} = {1 seconds int64, 2 nanos int32}: RFC 3339 in whole seconds, as the Go JSON is. */
    TIME(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code resource.Quantity} = {1 string}: the quantity string. */
    QUANTITY(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code intstr.IntOrString} = {1 type int64, 2 intVal int32, 3 strVal string}: a number or a string. */
    INT_OR_STRING(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code metav1.FieldsV1} = {1 Raw bytes}: Raw holds JSON, which is inlined. */
    FIELDS_V1(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** A nested message, decoded with its own table. */
    MESSAGE(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code map<string,string>}: repeated entries {1 key, 2 value}. */
    MAP_STRING(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code map<string,bytes>}: values base64 in JSON. */
    MAP_BYTES(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code map<string,ExtraValue>}, ExtraValue = {1 repeated string items}: values are JSON string arrays. */
    MAP_STRING_LIST(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code repeated string}. */
    REPEATED_STRING(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code repeated} nested message. */
    REPEATED_MESSAGE(WireFormat.WIRETYPE_LENGTH_DELIMITED);

    private final int wireType;

    FieldKind(int wireType) { this.wireType = wireType; }

    /** The protobuf wire type this kind is encoded with. */
    public int wireType() { return wireType; }

    /** True for kinds that need a {@link MessageType} table. */
    public boolean needsType() { return this == MESSAGE || this == REPEATED_MESSAGE; }
}
