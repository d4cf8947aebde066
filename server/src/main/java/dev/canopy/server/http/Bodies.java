package dev.canopy.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies (with the size limit) and decodes JSON or YAML. */
public final class Bodies {
    private Bodies() {}

    /** kube-apiserver's limit for a request body. */
    public static final int MAX_BYTES = 3 * 1024 * 1024;

    public static byte[] read(InputStream in, long declaredLength) {
        if (declaredLength > MAX_BYTES) throw tooLarge();
        try (in) {
            // a declared length is read into an array of that size (the server ends the stream there); without
            // one (chunked), at most one byte more than the limit is read, to tell a body over it
            if (declaredLength >= 0) return in.readNBytes((int) declaredLength);
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) throw tooLarge();
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read request body: " + e.getMessage());
        }
    }

    static ApiException tooLarge() {
        return ApiException.tooLarge("the request body is larger than the limit of " + MAX_BYTES + " bytes (3 MiB)");
    }

    /** Decodes an object body by content type: JSON (default), YAML, or Kubernetes protobuf for built-in kinds. */
    public static ObjectNode decodeObject(byte[] body, String contentType) {
        if (body.length == 0) throw ApiException.badRequest("the request body is empty; an object is required");
        String ct = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (ct.contains("yaml")) {
            JsonNode n = Json.parseYaml(body);
            if (!(n instanceof ObjectNode o)) throw ApiException.badRequest("request body must be a YAML mapping (an object)");
            return o;
        }
        if (ct.contains(Protobuf.MEDIA_TYPE)) return Protobuf.decode(body);
        if (ct.contains("protobuf")) throw ApiException.unsupportedMediaType("protobuf is only accepted as " + Protobuf.MEDIA_TYPE + "; send application/json or application/yaml");
        return Json.parseObject(body);
    }
}
