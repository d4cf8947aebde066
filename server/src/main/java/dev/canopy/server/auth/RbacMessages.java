package dev.canopy.server.auth;

import dev.canopy.api.ApiException;

/**
 * kube-apiserver's exact wording for forbidden requests, so {@code kubectl} prints the errors people know:
 * {@code configmaps "foo" is forbidden: User "john" cannot get resource "configmaps" in API group "" in the namespace "default"}.
 * Stateless.
 */
public final class RbacMessages {
    private RbacMessages() {}

    /** The part after "is forbidden: " (kube's {@code forbiddenMessage}). */
    public static String cannot(Attributes a) {
        String user = a.user() == null ? "" : a.user().name();
        if (!a.resourceRequest()) {
            return "User " + q(user) + " cannot " + a.verb() + " path " + q(a.path());
        }
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        String head = "User " + q(user) + " cannot " + a.verb() + " resource " + q(resource) + " in API group " + q(a.apiGroup());
        return a.namespace().isEmpty() ? head + " at the cluster scope" : head + " in the namespace " + q(a.namespace());
    }

    /**
     * The full message: {@code <resource>[.<group>] ["name"] is forbidden: ...[: reason]}; for non-resource
     * requests {@code forbidden: User "x" cannot get path "/foo"}.
     */
    public static String forbidden(Attributes a, String reason) {
        String msg = cannot(a);
        if (reason != null && !reason.isEmpty()) msg = msg + ": " + reason;
        if (!a.resourceRequest() || a.resource().isEmpty()) return "forbidden: " + msg;
        String gr = a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
        return a.name().isEmpty() ? gr + " is forbidden: " + msg : gr + " " + q(a.name()) + " is forbidden: " + msg;
    }

    /** A 403 {@link ApiException} with {@link #forbidden}'s message and the resource/name as details. */
    public static ApiException forbiddenException(Attributes a, String reason) {
        String gr = !a.resourceRequest() ? null : a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
        return new ApiException(403, "Forbidden", forbidden(a, reason), gr, a.name().isEmpty() ? null : a.name(), java.util.List.of());
    }

    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
