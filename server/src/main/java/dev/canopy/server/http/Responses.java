package dev.canopy.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.ResourceType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes response bodies in the representation the client accepts (JSON by default, YAML on request). */
public final class Responses {
    private Responses() {}

    public static void write(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("yaml") && !accept.contains("json")) {
            ctx.contentType("application/yaml");
            send(ctx, Json.yaml(body).getBytes(StandardCharsets.UTF_8));
        } else {
            ctx.contentType("application/json");
            send(ctx, Json.writeBytes(body));
        }
    }

    /** A body already encoded (OpenAPI documents are rendered once at start-up). */
    public static void writeRaw(Context ctx, int status, String contentType, byte[] body) {
        ctx.status(status);
        ctx.contentType(contentType);
        send(ctx, body);
    }

    /**
     * Writes {@code body} straight to the response with its length. {@code ctx.result(bytes)} would have
     * Javalin wrap it in a stream and copy it through a fresh buffer per response: at 10,000 responses a
     * second that copy was the seed's largest allocation (a third of all bytes allocated in bench api's
     * get phase), and so of its young-GC pauses.
     */
    private static void send(Context ctx, byte[] body) {
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the response failed (client gone?)", e);
        }
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
