package dev.canopy.server.auth;

/**
 * What a request wants to do, as Kubernetes' authorizer attributes.
 *
 * @param verb        get, list, watch, create, update, patch, delete, deletecollection, impersonate, ...
 *                    (for non-resource requests: the lower-case HTTP method, e.g. "get")
 * @param apiGroup    "" for core
 * @param resource    plural, e.g. "configmaps"
 * @param subresource "" or e.g. "status", "token"
 * @param namespace   "" for cluster-scoped requests or all-namespace lists
 * @param name        "" for collection requests
 * @param path        the URL path, for non-resource requests (/healthz, /metrics, /api ...)
 */
public record Attributes(UserInfo user, String verb, String apiGroup, String resource, String subresource,
                         String namespace, String name, boolean resourceRequest, String path) {

    public static Attributes resource(UserInfo user, String verb, String apiGroup, String resource, String namespace, String name) {
        return new Attributes(user, verb, apiGroup, resource, "", nz(namespace), nz(name), true, "");
    }

    public Attributes withSubresource(String sub) {
        return new Attributes(user, verb, apiGroup, resource, nz(sub), namespace, name, resourceRequest, path);
    }

    public Attributes withVerb(String v) {
        return new Attributes(user, v, apiGroup, resource, subresource, namespace, name, resourceRequest, path);
    }

    public static Attributes nonResource(UserInfo user, String verb, String path) {
        return new Attributes(user, verb, "", "", "", "", "", false, path);
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
