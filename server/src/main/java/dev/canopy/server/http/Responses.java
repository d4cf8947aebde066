package dev.canopy.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.ResourceType;
import io.javalin.http.Context;

/** Writes response bodies in the representation the client accepts (JSON by default, YAML on request). */
public final class Responses {
    private Responses() {}

    public static void write(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("yaml") && !accept.contains("json")) {
            ctx.contentType("application/yaml");
            ctx.result(Json.yaml(body));
        } else {
            ctx.contentType("application/json");
            ctx.result(Json.writeBytes(body));
        }
    }

    /** A body already encoded (OpenAPI documents are rendered once at start-up). */
    public static void writeRaw(Context ctx, int status, String contentType, byte[] body) {
        ctx.status(status);
        ctx.contentType(contentType);
        ctx.result(body);
    }

    /**
     * The stored object as the client addressed it: alias group/versions get their own apiVersion. A shallow
     * copy: the nested nodes are shared with {@code stored}, so callers treat both as read-only (they are
     * serialized, or passed to code that copies before it changes anything).
     */
    public static ObjectNode served(ObjectNode stored, ResourceType type) {
        ObjectNode out = Json.object();
        out.put("apiVersion", type.apiVersion());
        out.put("kind", type.kind());
        stored.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) out.set(e.getKey(), e.getValue());
        });
        return out;
    }
}
