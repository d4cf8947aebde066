package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.server.http.proto.Kinds;
import dev.canopy.server.http.proto.MessageType;
import dev.canopy.server.http.proto.WireDecoder;
import java.io.IOException;

/**
 * Decodes request bodies sent as {@code application/vnd.kubernetes.protobuf} (client-go's typed clientset, used by
 * {@code kubectl create ...}, {@code kubectl auth ...}) into the JSON the same object has in Kubernetes' JSON
 * encoding. The body is the 4 magic bytes {@code k8s\0} then a {@code runtime.Unknown} message: typeMeta 1
 * ({apiVersion 1, kind 2}), raw 2 (the object's own message), contentEncoding 3, contentType 4. The object's message
 * is decoded with the declarative tables in {@link dev.canopy.server.http.proto}.
 * Stateless; thread-safe.
 */
public final class Protobuf {
    private Protobuf() {}

    /** The media type Kubernetes uses for protobuf. */
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** What the runtime.Unknown envelope holds. */
    private record Envelope(String apiVersion, String kind, byte[] raw, String contentEncoding, String contentType) {}

    /**
     * Decodes a protobuf request body to JSON with {@code apiVersion} and {@code kind} set from the envelope.
     *
     * @throws ApiException 400 if the bytes are malformed, 415 if the kind is not a supported built-in kind
     */
    public static ObjectNode decode(byte[] body) {
        if (body.length < MAGIC.length || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2] || body[3] != MAGIC[3]) {
            throw ApiException.badRequest("malformed protobuf request body: it does not start with the Kubernetes magic bytes \"k8s\\0\"");
        }
        Envelope env = envelope(body);
        if (env.kind().isEmpty() || env.apiVersion().isEmpty()) {
            throw ApiException.badRequest("malformed protobuf request body: the runtime.Unknown envelope has no apiVersion/kind");
        }
        if (!env.contentEncoding().isEmpty()) {
            throw ApiException.unsupportedMediaType("protobuf bodies with contentEncoding \"" + env.contentEncoding() + "\" are not supported; send application/json");
        }
        if (!env.contentType().isEmpty() && !env.contentType().startsWith(MEDIA_TYPE)) {
            throw ApiException.unsupportedMediaType("protobuf envelope content type \"" + env.contentType() + "\" is not supported; send application/json");
        }
        MessageType type = Kinds.lookup(env.apiVersion(), env.kind());
        if (type == null) {
            throw ApiException.unsupportedMediaType("protobuf is only accepted for built-in kinds (" + Kinds.supported() + "), not "
                    + env.apiVersion() + " " + env.kind() + "; send application/json");
        }
        ObjectNode out = Json.object();
        out.put("kind", env.kind());
        out.put("apiVersion", env.apiVersion());
        out.setAll(WireDecoder.decode(env.raw(), type));
        return out;
    }

    /** Reads the runtime.Unknown message after the magic bytes; unknown fields are skipped. */
    private static Envelope envelope(byte[] body) {
        CodedInputStream in = CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length);
        String apiVersion = "", kind = "", encoding = "", contentType = "";
        byte[] raw = new byte[0];
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                int number = WireFormat.getTagFieldNumber(tag);
                boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                if (number >= 1 && number <= 4 && !delimited) throw envelopeError("field " + number + " is not length-delimited");
                switch (number) {
                    case 1 -> {
                        CodedInputStream tm = in.readBytes().newCodedInput();
                        int t;
                        while ((t = tm.readTag()) != 0) {
                            int n = WireFormat.getTagFieldNumber(t);
                            boolean d = WireFormat.getTagWireType(t) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                            if (n == 1 && d) apiVersion = tm.readString();
                            else if (n == 2 && d) kind = tm.readString();
                            else if (!tm.skipField(t)) throw envelopeError("unexpected end-group tag in typeMeta");
                        }
                    }
                    case 2 -> raw = in.readByteArray();
                    case 3 -> encoding = in.readString();
                    case 4 -> contentType = in.readString();
                    default -> {
                        if (!in.skipField(tag)) throw envelopeError("unexpected end-group tag");
                    }
                }
            }
        } catch (IOException e) {
            throw envelopeError(e.getMessage());
        }
        return new Envelope(apiVersion, kind, raw, encoding, contentType);
    }

    private static ApiException envelopeError(String detail) {
        return ApiException.badRequest("malformed protobuf request body: invalid runtime.Unknown envelope: " + detail);
    }
}
