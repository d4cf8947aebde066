package dev.canopy.api;

/**
 * One offending field, in the shape of a Kubernetes {@code StatusCause}.
 *
 * @param field  the path, {@code spec.resourceQuotas[cpu]} style (as kube-apiserver prints it)
 * @param type   the cause type: {@code FieldValueRequired}, {@code FieldValueInvalid},
 *               {@code FieldValueNotSupported}, {@code FieldValueForbidden}, {@code FieldValueDuplicate},
 *               {@code FieldValueTooLong}, {@code FieldValueTypeInvalid}, {@code FieldUnknown} ...
 * @param detail what is allowed, for a person to act on
 */
public record FieldError(String field, String type, String detail) {
    public static FieldError required(String field, String detail) { return new FieldError(field, "FieldValueRequired", "Required value: " + detail); }
    public static FieldError invalid(String field, Object value, String detail) { return new FieldError(field, "FieldValueInvalid", "Invalid value: " + quote(value) + ": " + detail); }
    public static FieldError forbidden(String field, String detail) { return new FieldError(field, "FieldValueForbidden", "Forbidden: " + detail); }
    public static FieldError unknown(String field) { return new FieldError(field, "FieldValueUnknown", "unknown field \"" + lastSegment(field) + "\""); }
    public static FieldError notSupported(String field, Object value, java.util.Collection<String> allowed) {
        return new FieldError(field, "FieldValueNotSupported", "Unsupported value: " + quote(value) + ": supported values: " +
                String.join(", ", allowed.stream().map(a -> "\"" + a + "\"").toList()));
    }
    public static FieldError typeInvalid(String field, String expected) { return new FieldError(field, "FieldValueTypeInvalid", "Invalid value: expected " + expected); }

    private static String quote(Object v) { return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v); }
    private static String lastSegment(String path) {
        int i = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        String s = i < 0 ? path : path.substring(i + 1);
        return s.endsWith("]") ? s.substring(0, s.length() - 1) : s;
    }

    @Override public String toString() { return field + ": " + detail; }
}
