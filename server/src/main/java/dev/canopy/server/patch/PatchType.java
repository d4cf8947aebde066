package dev.canopy.server.patch;

import java.util.Locale;
import java.util.Optional;

/** The PATCH body formats kube-apiserver accepts, by request {@code Content-Type}. */
public enum PatchType {
    /** RFC 6902 list of operations. */
    JSON("application/json-patch+json"),
    /** RFC 7386: objects merge, null deletes, everything else replaces. */
    MERGE("application/merge-patch+json"),
    /** Merge patch plus Kubernetes' list merge keys and {@code $patch}-style directives (what kubectl apply sends). */
    STRATEGIC("application/strategic-merge-patch+json"),
    /** Server-side apply: the body is the caller's whole intent for the fields it manages. */
    APPLY("application/apply-patch+yaml");

    private final String mediaType;

    PatchType(String mediaType) { this.mediaType = mediaType; }

    public String mediaType() { return mediaType; }

    /** The patch type of a Content-Type header (parameters such as charset are ignored). */
    public static Optional<PatchType> fromContentType(String contentType) {
        if (contentType == null) return Optional.empty();
        String mt = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (PatchType t : values()) if (t.mediaType.equals(mt)) return Optional.of(t);
        return Optional.empty();
    }
}
