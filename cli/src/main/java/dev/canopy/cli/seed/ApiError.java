package dev.canopy.cli.seed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code Status} error answered by the seed. {@link #kubectlMessage()} formats it the way kubectl
 * prints a server error, so users and scripts see the same text from both tools.
 */
public final class ApiError extends RuntimeException {
    private final int code;
    private final String reason;
    private final Details details;

    /** {@code Status.details}: what the error is about and, for 422 Invalid, one cause per field. */
    public record Details(String kind, String name, List<Cause> causes) {
        public Details {
            kind = kind == null ? "" : kind;
            name = name == null ? "" : name;
            causes = causes == null ? List.of() : List.copyOf(causes);
        }
    }

    /** One field's problem: {@code field} is its path, e.g. {@code spec.ttlSeconds}. */
    public record Cause(String field, String message) {}

    public ApiError(int code, String reason, String message) { this(code, reason, message, null); }

    public ApiError(int code, String reason, String message, Details details) {
        super(message);
        this.code = code;
        this.reason = reason == null ? "" : reason;
        this.details = details;
    }

    public int code() { return code; }

    public String reason() { return reason; }

    public Details details() { return details; }

    /**
     * What kubectl prints for this error: {@code Error from server (Forbidden): <message>}, or for
     * 422 Invalid with field causes {@code The UserToken "x" is invalid: spec.ttlSeconds: <message>}
     * (several causes as a {@code * } list).
     */
    public String kubectlMessage() {
        if ("Invalid".equals(reason) && details != null && !details.causes().isEmpty()) {
            String head = details.kind().isEmpty() && details.name().isEmpty()
                    ? "The request is invalid"
                    : "The " + details.kind() + " \"" + details.name() + "\" is invalid";
            List<String> causes = details.causes().stream()
                    .map(c -> c.field() == null || c.field().isEmpty() ? c.message() : c.field() + ": " + c.message())
                    .toList();
            return causes.size() == 1 ? head + ": " + causes.getFirst() : head + ": \n* " + String.join("\n* ", causes);
        }
        return reason.isEmpty() ? "Error from server: " + getMessage() : "Error from server (" + reason + "): " + getMessage();
    }

    /**
     * Reads an error response. The body is normally a {@code Status}; anything else (a proxy's HTML page,
     * an empty body) still yields a message with the HTTP code, the way kubectl falls back.
     */
    public static ApiError fromResponse(int code, String body) {
        if (body != null && !body.isBlank()) {
            try {
                JsonNode n = Json.MAPPER.readTree(body);
                if (n != null && "Status".equals(n.path("kind").asText())) {
                    String msg = n.path("message").asText("");
                    return new ApiError(n.path("code").asInt(code), n.path("reason").asText(""),
                            msg.isEmpty() ? "the server responded with HTTP " + code : msg, details(n.path("details")));
                }
            } catch (java.io.IOException ignored) {
                // not JSON: fall through to the generic message
            }
        }
        return new ApiError(code, defaultReason(code), "the server responded with HTTP " + code
                + (body == null || body.isBlank() ? "" : ": " + abbreviate(body.strip())));
    }

    private static Details details(JsonNode d) {
        if (d.isMissingNode() || d.isNull()) return null;
        List<Cause> causes = new ArrayList<>();
        for (JsonNode c : d.path("causes")) causes.add(new Cause(c.path("field").asText(""), c.path("message").asText("")));
        return new Details(d.path("kind").asText(""), d.path("name").asText(""), causes);
    }

    /** Wraps an error thrown by the fabric8 client (for commands that use its DSL rather than {@link ApiClient}). */
    public static ApiError from(KubernetesClientException e) {
        Status s = e.getStatus();
        if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
            Details details = s.getDetails() == null ? null : new Details(s.getDetails().getKind(), s.getDetails().getName(),
                    s.getDetails().getCauses().stream().map(c -> new Cause(c.getField(), c.getMessage())).toList());
            return new ApiError(s.getCode() != null ? s.getCode() : e.getCode(), s.getReason(), s.getMessage(), details);
        }
        return new ApiError(e.getCode(), defaultReason(e.getCode()), e.getMessage());
    }

    /** The reason kube-apiserver would give for a bare HTTP code. */
    static String defaultReason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> "";
        };
    }

    private static String abbreviate(String s) { return s.length() <= 200 ? s : s.substring(0, 200) + "…"; }
}
