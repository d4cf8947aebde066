package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;

/** Renders errors and plain successes as {@code meta.k8s.io/v1 Status} objects. */
public final class StatusBodies {
    private StatusBodies() {}

    public static ObjectNode failure(ApiException e) {
        ObjectNode s = base("Failure", e.code());
        s.put("message", e.getMessage());
        s.put("reason", e.reason());
        if (e.kind() != null || e.name() != null || !e.causes().isEmpty()) {
            ObjectNode d = s.putObject("details");
            if (e.name() != null) d.put("name", e.name());
            if (e.kind() != null) {
                String k = e.kind();
                int dot = k.indexOf('.');
                if (dot > 0 && Character.isLowerCase(k.charAt(0))) {
                    d.put("group", k.substring(dot + 1));
                    d.put("kind", k.substring(0, dot));
                } else {
                    d.put("kind", k);
                }
            }
            if (!e.causes().isEmpty()) {
                ArrayNode causes = d.putArray("causes");
                for (FieldError fe : e.causes()) {
                    causes.addObject().put("reason", fe.type()).put("message", fe.detail()).put("field", fe.field());
                }
            }
        }
        return s;
    }

    public static ObjectNode success(String kind, String name) {
        ObjectNode s = base("Success", 200);
        ObjectNode d = s.putObject("details");
        d.put("name", name);
        d.put("kind", kind);
        return s;
    }

    private static ObjectNode base(String status, int code) {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", status);
        s.put("code", code);
        return s;
    }
}
