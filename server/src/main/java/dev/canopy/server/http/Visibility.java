package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ResourceType;
import dev.canopy.server.auth.UserInfo;

/**
 * Per-object visibility for lists and watches, beyond the RBAC check on the collection (e.g. a tenant user
 * sees only their subtree's tenants). A watch turns an object that stops being visible into a DELETED
 * event, so revoked access is noticed (kiosk's watch never did). Thread-safe, answers from memory.
 */
@FunctionalInterface
public interface Visibility {
    boolean visible(UserInfo user, ResourceType type, ObjectNode object);

    /**
     * Changes whenever the answers may have changed for objects that did not change themselves (a grant
     * revoked or added); a watch then re-checks what it has sent. Constant 0 = answers depend on the object only.
     */
    default long generation() { return 0; }

    /**
     * Null, or a prefix that every visible object's namespace starts with, so a list may read only that
     * namespace subtree from the store instead of every object (the objects are still checked one by one).
     */
    default String namespacePrefix() { return null; }

    /**
     * Null, or a label requirement every visible object satisfies (e.g. "account in (the caller's accounts)"),
     * so a list may read only the matching objects through the store's label index instead of every object
     * (the objects are still checked one by one). A requirement without values means nothing is visible.
     */
    default dev.canopy.api.selector.LabelSelector.Requirement labelRequirement() { return null; }

    Visibility ALL = (u, t, o) -> true;
}
