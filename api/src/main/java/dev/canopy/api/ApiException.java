package dev.canopy.api;

import java.util.List;

/**
 * An error that the API answers with a Kubernetes {@code Status}. Thrown anywhere below the HTTP layer
 * (store, admission, validation); the server turns it into a Status body with {@link #code()},
 * {@link #reason()}, the message and, for {@code Invalid}, one cause per offending field.
 *
 * <p>Messages are written for the person who sent the request: they name the object, the field path
 * and the rule that was broken.
 */
public final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final List<FieldError> causes;
    private final String kind;
    private final String name;

    public ApiException(int code, String reason, String message, String kind, String name, List<FieldError> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.kind = kind;
        this.name = name;
        this.causes = causes == null ? List.of() : List.copyOf(causes);
    }

    public ApiException(int code, String reason, String message) {
        this(code, reason, message, null, null, List.of());
    }

    public int code() { return code; }
    public String reason() { return reason; }
    public List<FieldError> causes() { return causes; }
    /** The resource (plural) the error is about, for {@code Status.details.kind}; may be null. */
    public String kind() { return kind; }
    /** The object name the error is about, for {@code Status.details.name}; may be null. */
    public String name() { return name; }

    /** {@code <plural>.<group> "name" not found} — the same answer for "absent" and "not visible to you". */
    public static ApiException notFound(String groupResource, String name) {
        return new ApiException(404, "NotFound", groupResource + " \"" + name + "\" not found", groupResource, name, List.of());
    }

    public static ApiException alreadyExists(String groupResource, String name) {
        return new ApiException(409, "AlreadyExists", groupResource + " \"" + name + "\" already exists", groupResource, name, List.of());
    }

    public static ApiException conflict(String groupResource, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + groupResource + " \"" + name + "\": " + why,
                groupResource, name, List.of());
    }

    /** 422 Invalid: {@code <Kind> "name" is invalid: path: detail, ...}. */
    public static ApiException invalid(String kind, String name, List<FieldError> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append(kind).append(" \"").append(name == null ? "" : name).append("\" is invalid: ");
        for (int i = 0; i < errors.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(errors.get(i));
        }
        return new ApiException(422, "Invalid", sb.toString(), kind, name, errors);
    }

    public static ApiException invalid(String kind, String name, FieldError error) {
        return invalid(kind, name, List.of(error));
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "Unauthorized", message);
    }

    /** {@code <plural>.<group> "name" is forbidden: User "u" cannot <verb> resource ...}. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "RequestEntityTooLarge", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message);
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", message);
    }
}
