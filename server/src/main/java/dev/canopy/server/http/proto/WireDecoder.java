package dev.canopy.server.http.proto;

import static dev.canopy.server.http.proto.Field.bytes;
import static dev.canopy.server.http.proto.Field.int32;
import static dev.canopy.server.http.proto.Field.int64;
import static dev.canopy.server.http.proto.Field.message;
import static dev.canopy.server.http.proto.Field.str;
import static dev.canopy.server.http.proto.Field.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * The one generic decoder: walks protobuf wire data with a {@link MessageType} table and builds the JSON the same
 * object has in Kubernetes' JSON encoding. Fields the table does not know are skipped (protobuf semantics); a field
 * whose wire type does not match its table entry, or bytes that are not valid protobuf, give a 400 naming the field.
 * Stateless; thread-safe (each call uses its own {@link CodedInputStream}).
 */
public final class WireDecoder {
    private WireDecoder() {}

    /** metav1.Time / Timestamp: seconds 1, nanos 2. */
    static final MessageType TIME = MessageType.of("Time", int64(1, "seconds"), int32(2, "nanos"));
    /** resource.Quantity: string 1. */
    static final MessageType QUANTITY = MessageType.of("Quantity", str(1, "string"));
    /** intstr.IntOrString: type 1 (0 = int, 1 = string), intVal 2, strVal 3. */
    static final MessageType INT_OR_STRING = MessageType.of("IntOrString", int64(1, "type"), int32(2, "intVal"), str(3, "strVal"));
    /** metav1.FieldsV1: Raw 1 (JSON bytes). */
    static final MessageType FIELDS_V1 = MessageType.of("FieldsV1", bytes(1, "Raw"));
    /** A map entry {1 key, 2 value} of map&lt;string,string&gt;. */
    static final MessageType STRING_ENTRY = MessageType.of("StringEntry", str(1, "key"), str(2, "value"));
    /** A map entry of map&lt;string,bytes&gt;. */
    static final MessageType BYTES_ENTRY = MessageType.of("BytesEntry", str(1, "key"), bytes(2, "value"));
    /** ExtraValue: items 1 (rendered as a bare JSON array). */
    static final MessageType EXTRA_VALUE = MessageType.of("ExtraValue", strings(1, "items"));
    /** A map entry of map&lt;string,ExtraValue&gt;. */
    static final MessageType STRING_LIST_ENTRY = MessageType.of("StringListEntry", str(1, "key"), message(2, "value", EXTRA_VALUE));

    /** Go's time range for metav1.Time: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
    private static final long MIN_SECONDS = -62135596800L;
    private static final long MAX_SECONDS = 253402300799L;

    /**
     * Decodes {@code bytes}, one whole message of type {@code type}, into JSON.
     *
     * @throws ApiException 400 if the bytes are not valid protobuf for that table
     */
    public static ObjectNode decode(byte[] bytes, MessageType type) {
        return readMessage(CodedInputStream.newInstance(bytes), type, type.name());
    }

    /** Reads fields until the current limit (or the end), then orders them as the table does. */
    private static ObjectNode readMessage(CodedInputStream in, MessageType type, String path) {
        ObjectNode read = Json.object();
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                Field f = type.field(WireFormat.getTagFieldNumber(tag));
                if (f == null) {
                    if (!in.skipField(tag)) throw malformed(path, "unexpected end-group tag");
                    continue;
                }
                String fieldPath = path + "." + f.json();
                int wireType = WireFormat.getTagWireType(tag);
                if (wireType != f.kind().wireType()) {
                    throw malformed(fieldPath, "field " + f.number() + " has wire type " + wireType + ", expected " + f.kind().wireType());
                }
                readField(in, f, read, fieldPath);
            }
        } catch (IOException e) {
            throw malformed(path, e.getMessage());
        }
        ObjectNode ordered = Json.object();
        for (Field f : type.fields()) {
            JsonNode v = read.get(f.json());
            if (v != null) ordered.set(f.json(), v);
        }
        return ordered;
    }

    private static void readField(CodedInputStream in, Field f, ObjectNode out, String path) throws IOException {
        switch (f.kind()) {
            case STRING -> {
                String s = in.readString();
                scalar(out, f, s.isEmpty(), TextNode.valueOf(s));
            }
            case INT32 -> {
                int v = in.readInt32();
                scalar(out, f, v == 0, IntNode.valueOf(v));
            }
            case INT64 -> {
                long v = in.readInt64();
                // as Jackson parses the same JSON text: IntNode when it fits, so nodes compare equal to parsed JSON
                scalar(out, f, v == 0, v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v));
            }
            case BOOL -> {
                boolean v = in.readBool();
                scalar(out, f, !v, BooleanNode.valueOf(v));
            }
            case BYTES -> {
                byte[] b = in.readByteArray();
                scalar(out, f, b.length == 0, TextNode.valueOf(Base64.getEncoder().encodeToString(b)));
            }
            case TIME -> {
                JsonNode t = time(in.readBytes(), path);
                if (t == null) out.remove(f.json()); else out.set(f.json(), t);
            }
            case QUANTITY -> out.put(f.json(), leaf(in.readBytes(), QUANTITY, path).path("string").asText("0"));
            case INT_OR_STRING -> {
                ObjectNode v = leaf(in.readBytes(), INT_OR_STRING, path);
                if (v.path("type").asLong(0) == 1) out.put(f.json(), v.path("strVal").asText(""));
                else out.put(f.json(), v.path("intVal").asInt(0));
            }
            case FIELDS_V1 -> {
                String raw = leaf(in.readBytes(), FIELDS_V1, path).path("Raw").asText("");
                if (raw.isEmpty()) out.remove(f.json()); else out.set(f.json(), json(Base64.getDecoder().decode(raw), path));
            }
            case MESSAGE -> {
                ObjectNode v = nested(in, f.type(), path);
                JsonNode old = out.get(f.json());
                if (old instanceof ObjectNode o) o.setAll(v); else out.set(f.json(), v); // a repeated occurrence merges
            }
            case REPEATED_MESSAGE -> out.withArrayProperty(f.json()).add(nested(in, f.type(), path));
            case REPEATED_STRING -> out.withArrayProperty(f.json()).add(in.readString());
            case MAP_STRING -> {
                ObjectNode e = nested(in, STRING_ENTRY, path);
                out.withObjectProperty(f.json()).put(e.path("key").asText(""), e.path("value").asText(""));
            }
            case MAP_BYTES -> {
                ObjectNode e = nested(in, BYTES_ENTRY, path);
                out.withObjectProperty(f.json()).put(e.path("key").asText(""), e.path("value").asText(""));
            }
            case MAP_STRING_LIST -> {
                ObjectNode e = nested(in, STRING_LIST_ENTRY, path);
                JsonNode items = e.path("value").path("items");
                out.withObjectProperty(f.json()).set(e.path("key").asText(""), items.isArray() ? items : Json.MAPPER.createArrayNode());
            }
        }
    }

    /** Zero values are left out unless the Go field is a pointer (then being on the wire means "set"). */
    private static void scalar(ObjectNode out, Field f, boolean zero, JsonNode value) {
        if (zero && !f.keepZero()) out.remove(f.json()); else out.set(f.json(), value);
    }

    /** A length-delimited nested message, read in place under a limit. */
    private static ObjectNode nested(CodedInputStream in, MessageType type, String path) throws IOException {
        int length = in.readRawVarint32();
        if (length < 0) throw malformed(path, "negative length " + length);
        int oldLimit = in.pushLimit(length);
        ObjectNode v = readMessage(in, type, path);
        in.popLimit(oldLimit);
        return v;
    }

    private static ObjectNode leaf(ByteString bytes, MessageType type, String path) {
        return readMessage(bytes.newCodedInput(), type, path);
    }

    /** Empty bytes = Go's zero time (JSON null: left out); otherwise whole seconds, as metav1.Time keeps them. */
    private static JsonNode time(ByteString bytes, String path) {
        if (bytes.isEmpty()) return null;
        long seconds = leaf(bytes, TIME, path).path("seconds").asLong(0);
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw malformed(path, "timestamp seconds " + seconds + " out of range");
        return TextNode.valueOf(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds)));
    }

    private static JsonNode json(byte[] raw, String path) {
        try {
            return Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw malformed(path, "FieldsV1 Raw is not JSON: " + e.getMessage());
        }
    }

    private static ApiException malformed(String path, String detail) {
        return ApiException.badRequest("malformed protobuf request body at " + path + ": " + detail);
    }
}
