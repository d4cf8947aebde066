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
}
