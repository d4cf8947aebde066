package dev.canopy.server.http;

import dev.canopy.api.ResourceType;
import dev.canopy.server.auth.UserInfo;
import java.util.Optional;

/**
 * "List allowed if filtered": for a list or watch the authorizer refuses as a whole collection, a
 * filter under which the caller may still make it, seeing only the objects the filter admits (a tenant
 * user listing {@code namespaces} or {@code tenants -A}). Empty keeps the 403, so kinds without a filter
 * behave exactly as RBAC says. Thread-safe, answers from memory.
 */
@FunctionalInterface
public interface ListFilter {
    /** @param verb "list" or "watch"; @param namespace "" for a cluster-wide request */
    Optional<Visibility> filter(UserInfo user, String verb, ResourceType type, String namespace);

    ListFilter NONE = (u, v, t, n) -> Optional.empty();
}
