package dev.canopy.server.http;

import dev.canopy.api.ApiException;
import dev.canopy.api.ResourceType;
import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.Authorizer;
import dev.canopy.server.auth.UserInfo;

/**
 * Authorizes resource requests and decides 403 versus 404, once, for every handler.
 *
 * <p>The rule: a request that names an object the caller may not {@code get} answers 404 NotFound,
 * whatever its verb and whether or not the object exists, so a caller never learns that an object it
 * may not see exists. A request on an object the caller may get but not change answers 403. Collection
 * requests (list, watch, create, deletecollection) the caller may not make answer 403: they reveal only
 * what the caller asked, never what exists.
 */
public final class Access {
    private final Authorizer authorizer;
    private final ListFilter lists;

    public Access(Authorizer authorizer) { this(authorizer, ListFilter.NONE); }

    /** @param lists filters under which a refused list/watch may still be served, filtered (see {@link #checkCollection}) */
    public Access(Authorizer authorizer, ListFilter lists) {
        this.authorizer = authorizer;
        this.lists = lists;
    }

    public Authorizer authorizer() { return authorizer; }

    public boolean allowed(UserInfo user, String verb, ResourceType type, String namespace, String name, String subresource) {
        return authorizer.authorize(attrs(user, verb, type, namespace, name, subresource)).allowed();
    }

    public void check(UserInfo user, String verb, ResourceType type, String namespace, String name, String subresource) {
        if (allowed(user, verb, type, namespace, name, subresource)) return;
        if (!name.isEmpty() && !"create".equals(verb)) {
            boolean mayGet = verb.equals("get") && subresource.isEmpty() ? false : allowed(user, "get", type, namespace, name, "");
            if (!mayGet) throw ApiException.notFound(type.groupResource(), name);
        }
        throw ApiException.forbidden(forbiddenMessage(user, verb, type, namespace, name, subresource));
    }

    /**
     * Authorizes a list or watch: {@link Visibility#ALL} when the authorizer allows the whole collection;
     * otherwise the {@link ListFilter}'s per-object filter when it has one for this caller and kind (the
     * response then holds only what the caller may see); otherwise 403 as {@link #check}.
     */
    public Visibility checkCollection(UserInfo user, String verb, ResourceType type, String namespace) {
        if (allowed(user, verb, type, namespace, "", "")) return Visibility.ALL;
        var filter = lists.filter(user, verb, type, namespace);
        if (filter.isPresent()) return filter.get();
        throw ApiException.forbidden(forbiddenMessage(user, verb, type, namespace, "", ""));
    }

    private static Attributes attrs(UserInfo user, String verb, ResourceType type, String namespace, String name, String subresource) {
        // as kube-apiserver's RequestInfo: a request naming a Namespace is "in" that namespace, so a RoleBinding there
        // may allow it (kiosk-space-admin lets a Space's owners delete its namespace; view lets them get it)
        if (type.group().isEmpty() && type.plural().equals("namespaces") && !name.isEmpty()) namespace = name;
        return Attributes.resource(user, verb, type.group(), type.plural(), namespace, name).withSubresource(subresource);
    }

    /** kube-apiserver's wording, so kubectl users read a familiar message. */
    public static String forbiddenMessage(UserInfo user, String verb, ResourceType type, String namespace, String name, String subresource) {
        String resource = subresource.isEmpty() ? type.plural() : type.plural() + "/" + subresource;
        String what = type.groupResource() + (name.isEmpty() ? "" : " \"" + name + "\"");
        String scope = namespace.isEmpty() ? "at the cluster scope" : "in the namespace \"" + namespace + "\"";
        return what + " is forbidden: User \"" + user.name() + "\" cannot " + verb + " resource \"" + resource + "\" in API group \""
                + type.group() + "\" " + scope;
    }
}
