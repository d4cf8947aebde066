package dev.canopy.cli.seed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A {@code Status} error answered by the seed. {@link #kubectlMessage()} formats it the way kubectl
 * prints a server error, so users and scripts see the same text from both tools.
 */
public final class ApiError extends RuntimeException {
    private final int code;
    private final String reason;

    public ApiError(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    public int code() { return code; }

    public String reason() { return reason; }

    /** {@code Error from server (Forbidden): <message>}, or {@code Error from server: <message>} without a reason. */
    public String kubectlMessage() {
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
                            msg.isEmpty() ? "the server responded with HTTP " + code : msg);
                }
            } catch (java.io.IOException ignored) {
                // not JSON: fall through to the generic message
            }
        }
        return new ApiError(code, defaultReason(code), "the server responded with HTTP " + code
                + (body == null || body.isBlank() ? "" : ": " + abbreviate(body.strip())));
    }

    /** Wraps an error thrown by the fabric8 client (for commands that use its DSL rather than {@link ApiClient}). */
    public static ApiError from(KubernetesClientException e) {
        Status s = e.getStatus();
        if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
            return new ApiError(s.getCode() != null ? s.getCode() : e.getCode(), s.getReason(), s.getMessage());
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
