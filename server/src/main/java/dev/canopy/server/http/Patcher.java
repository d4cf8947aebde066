package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ResourceType;

/**
 * Applies a PATCH body to the current object. Pure; thread-safe.
 *
 * @param contentType one of application/json-patch+json, application/merge-patch+json,
 *                    application/strategic-merge-patch+json, application/apply-patch+yaml (others: 415)
 * @param current     the stored object, or null for server-side apply creating the object
 */
public interface Patcher {
    ObjectNode patch(String contentType, ObjectNode current, byte[] body, ResourceType type, String fieldManager, boolean force);
}
