package dev.canopy.server.patch;

import java.time.Instant;

/**
 * What a patch needs besides the object and the body: only server-side apply uses it.
 *
 * @param fieldManager the {@code fieldManager} query parameter (required for apply), may be null otherwise
 * @param force        the {@code force} query parameter: take over conflicting fields on apply
 * @param subresource  "status" for a PATCH of /status (recorded in managedFields), null for the main resource
 * @param now          the time recorded in {@code managedFields}
 */
public record PatchContext(String fieldManager, boolean force, String subresource, Instant now) {
    /** For the main resource. */
    public PatchContext(String fieldManager, boolean force, Instant now) { this(fieldManager, force, null, now); }

    public static PatchContext of(String fieldManager) { return new PatchContext(fieldManager, false, Instant.now()); }
}
