package dev.canopy.server.http;

import java.util.List;

/**
 * A parsed request path. Resource paths follow Kubernetes:
 * {@code /api/v1[/namespaces/{ns}]/{plural}[/{name}[/{sub}]]} and
 * {@code /apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/{sub}]]}; {@code /api/v1/namespaces/{name}}
 * addresses the Namespace itself. Everything else is a non-resource path (discovery, openapi, health).
 */
public sealed interface ApiPath {

    /** @param namespace "" when the path has none; name "" for collections; subresource "" when none */
    record Resource(String group, String version, String namespace, String plural, String name, String subresource) implements ApiPath {}

    /** Discovery: {@code /api}, {@code /apis}, {@code /apis/{group}}, {@code /api/v1}, {@code /apis/{group}/{version}}. */
    record Discovery(String root, String group, String version) implements ApiPath {}

    record NonResource(String path) implements ApiPath {}

    static ApiPath parse(String path) {
        List<String> s = segments(path);
        if (s.isEmpty()) return new NonResource(path);
        String root = s.get(0);
        if (root.equals("api")) {
            if (s.size() == 1) return new Discovery("api", "", "");
            if (s.size() == 2) return new Discovery("api", "", s.get(1));
            return resource("", s.get(1), s.subList(2, s.size()), path);
        }
        if (root.equals("apis")) {
            if (s.size() == 1) return new Discovery("apis", "", "");
            if (s.size() == 2) return new Discovery("apis", s.get(1), "");
            if (s.size() == 3) return new Discovery("apis", s.get(1), s.get(2));
            return resource(s.get(1), s.get(2), s.subList(3, s.size()), path);
        }
        return new NonResource(path);
    }

    private static ApiPath resource(String group, String version, List<String> rest, String path) {
        // rest: [namespaces, ns, plural, name, sub] | [namespaces, name, sub] | [plural, name, sub]
        if (rest.get(0).equals("namespaces") && rest.size() >= 3 && !(group.isEmpty() && rest.size() == 3 && isNamespaceSub(rest.get(2)))) {
            String ns = rest.get(1);
            List<String> r = rest.subList(2, rest.size());
            if (r.size() > 3) return new NonResource(path);
            return new Resource(group, version, ns, r.get(0), r.size() > 1 ? r.get(1) : "", r.size() > 2 ? r.get(2) : "");
        }
        if (rest.size() > 3) return new NonResource(path);
        return new Resource(group, version, "", rest.get(0), rest.size() > 1 ? rest.get(1) : "", rest.size() > 2 ? rest.get(2) : "");
    }

    /** {@code /api/v1/namespaces/{name}/status|finalize} address the Namespace's subresources, not a namespaced collection. */
    private static boolean isNamespaceSub(String s) { return s.equals("status") || s.equals("finalize"); }

    private static List<String> segments(String path) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String p : path.split("/")) if (!p.isEmpty()) out.add(java.net.URLDecoder.decode(p, java.nio.charset.StandardCharsets.UTF_8));
        return out;
    }
}
