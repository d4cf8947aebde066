package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves a POST to a virtual, create-only kind (SelfSubjectAccessReview, TokenReview, UserToken) or to
 * a subresource such as {@code serviceaccounts/token}. The body has passed strict schema validation.
 * The server has already authorized the {@code create} verb on the resource (and subresource).
 * Returns the response object (usually the request with {@code status} filled). Thread-safe.
 */
@FunctionalInterface
public interface VirtualHandler {
    ObjectNode create(RequestContext context, ObjectNode body);

    /**
     * A read-only subresource of a stored object served live (e.g. {@code clusters/{name}/objects}): only GET,
     * authorized as {@code get} on the parent object (404 when the caller may not see it or it does not exist).
     * Thread-safe; may block its request thread.
     */
    interface Reader extends VirtualHandler {
        ObjectNode read(RequestContext context, java.util.function.Function<String, String> queryParam);

        @Override
        default ObjectNode create(RequestContext context, ObjectNode body) {
            throw dev.canopy.api.ApiException.methodNotAllowed("POST is not supported on this subresource; use GET");
        }
    }
}
