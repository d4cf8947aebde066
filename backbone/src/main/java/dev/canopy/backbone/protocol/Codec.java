package dev.canopy.backbone.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.Decoded.Reason;
import dev.canopy.backbone.protocol.Decoded.Refusal;
import java.io.IOException;

/**
 * JSON wire format of the seed-agent protocol: {@code {"v":1,"type":"heartbeat",...fields}}.
 * {@link #decode} never throws: garbage, oversize payloads (&gt; {@link #maxBytes()}, checked before
 * parsing), unknown or newer versions, unknown types, invalid fields and messages of the wrong
 * direction all come back as a {@link Refusal} with a reason, so a NATS dispatcher thread can log and
 * drop them. Immutable and thread-safe.
 */
public final class Codec {
    /** The protocol version this code writes. */
    public static final int VERSION = 1;
    /** The oldest version this code still reads. */
    public static final int MIN_VERSION = 1;
    /** Default maximum payload: nats-server's default {@code max_payload} (1 MiB). */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    private static final ObjectMapper MAPPER = strict(Json.MAPPER.copy());
    private static final int DETAIL_MAX = 200;

    private final int maxBytes;

    public Codec(int maxBytes) {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive");
        this.maxBytes = maxBytes;
    }

    /** A codec with {@link #DEFAULT_MAX_BYTES}. */
    public static Codec standard() { return new Codec(DEFAULT_MAX_BYTES); }

    public int maxBytes() { return maxBytes; }

    /**
     * The wire bytes of {@code message}.
     *
     * @throws IllegalArgumentException when they would exceed {@link #maxBytes()} (split snapshots into
     *                                  chunks before sending)
     */
    public byte[] encode(Message message) {
        try {
            ObjectNode tree = MAPPER.valueToTree(message);
            ObjectNode wire = MAPPER.createObjectNode();
            wire.put("v", VERSION);
            wire.setAll(tree);
            byte[] bytes = MAPPER.writeValueAsBytes(wire);
            if (bytes.length > maxBytes) {
                throw new IllegalArgumentException(message.getClass().getSimpleName() + " is " + bytes.length
                        + " bytes, more than the maximum " + maxBytes);
            }
            return bytes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes any message. */
    public Decoded<Message> decode(byte[] payload) { return decode(payload, Message.class); }

    /**
     * Decodes a payload that must be an {@code expected} message (e.g. {@link StatusReport} on a status
     * subject, {@link RpcResponse} on a reply); anything else is refused.
     */
    public <T extends Message> Decoded<T> decode(byte[] payload, Class<T> expected) {
        if (payload == null || payload.length == 0) return refuse(Reason.NOT_JSON, "empty payload");
        if (payload.length > maxBytes) {
            return refuse(Reason.TOO_LARGE, payload.length + " bytes, more than the maximum " + maxBytes);
        }
        try {
            JsonNode tree = MAPPER.readTree(payload);
            if (!(tree instanceof ObjectNode obj)) return refuse(Reason.NOT_JSON, "not a JSON object");
            JsonNode v = obj.get("v");
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                return refuse(Reason.MISSING_VERSION, "no integer protocol version \"v\"");
            }
            int version = v.intValue();
            if (version > VERSION || version < MIN_VERSION) {
                return refuse(Reason.UNSUPPORTED_VERSION, "protocol version " + version + " (this side reads "
                        + MIN_VERSION + ".." + VERSION + ")");
            }
            JsonNode type = obj.get("type");
            if (type == null || !type.isTextual()) return refuse(Reason.UNKNOWN_TYPE, "no message \"type\"");
            obj.remove("v");
            Message m;
            try {
                m = MAPPER.treeToValue(obj, Message.class);
            } catch (InvalidTypeIdException e) {
                return refuse(Reason.UNKNOWN_TYPE, "unknown message type " + clip(type.asText()));
            }
            if (m == null) return refuse(Reason.INVALID, "empty message");
            if (!expected.isInstance(m)) {
                return refuse(Reason.WRONG_DIRECTION, "a " + type.asText() + " is not a " + expected.getSimpleName());
            }
            return new Decoded.Accepted<>(expected.cast(m), version);
        } catch (JsonProcessingException e) {
            Reason r = e instanceof com.fasterxml.jackson.core.JsonParseException ? Reason.NOT_JSON : Reason.INVALID;
            return refuse(r, clip(rootMessage(e)));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return refuse(Reason.INVALID, clip(rootMessage(e)));
        }
    }

    /** No silent conversions: "12" or 1.5 for a number, null for a primitive, are refused. */
    private static ObjectMapper strict(ObjectMapper m) {
        m.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return m;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        if (t instanceof JsonProcessingException j) return j.getOriginalMessage();
        return String.valueOf(t.getMessage());
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() <= DETAIL_MAX ? s : s.substring(0, DETAIL_MAX) + "…";
    }

    private static <T extends Message> Decoded<T> refuse(Reason reason, String detail) {
        return new Refusal<>(reason, detail);
    }
}
