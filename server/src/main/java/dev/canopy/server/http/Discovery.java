package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import java.util.List;

/**
 * Legacy (non-aggregated) discovery documents. kubectl 1.32 asks for aggregated discovery first and
 * falls back to these when the answer is a plain APIGroupList.
 */
public final class Discovery {
    public static final String MAJOR = "1";
    public static final String MINOR = "32";
    public static final String VERSION = "v1.32.0+canopy.0.1.0";

    private final Registry registry;

    public Discovery(Registry registry) { this.registry = registry; }

    public ObjectNode handle(ApiPath.Discovery d) {
        if (d.root().equals("api")) return d.version().isEmpty() ? apiVersions() : resourceList("", d.version());
        if (d.group().isEmpty()) return groupList();
        if (d.version().isEmpty()) return group(d.group());
        return resourceList(d.group(), d.version());
    }

    public ObjectNode version() {
        ObjectNode v = Json.object();
        v.put("major", MAJOR).put("minor", MINOR).put("gitVersion", VERSION).put("gitCommit", "canopy")
                .put("gitTreeState", "clean").put("buildDate", "2026-11-23T00:00:00Z")
                .put("goVersion", "java" + Runtime.version().feature()).put("compiler", "javac")
                .put("platform", "linux/amd64");
        return v;
    }

    private ObjectNode apiVersions() {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        o.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "");
        return o;
    }

    private ObjectNode groupList() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (String g : registry.groups()) if (!g.isEmpty()) groups.add(groupBody(g));
        return o;
    }

    private ObjectNode group(String g) {
        if (registry.versions(g).isEmpty()) throw ApiException.notFound("groups", g);
        ObjectNode o = groupBody(g);
        o.put("kind", "APIGroup").put("apiVersion", "v1");
        return o;
    }

    private ObjectNode groupBody(String g) {
        ObjectNode o = Json.object();
        o.put("name", g);
        ArrayNode vs = o.putArray("versions");
        List<String> versions = registry.versions(g);
        for (String v : versions) vs.addObject().put("groupVersion", g + "/" + v).put("version", v);
        o.putObject("preferredVersion").put("groupVersion", g + "/" + versions.get(0)).put("version", versions.get(0));
        return o;
    }

    private ObjectNode resourceList(String g, String v) {
        List<ResourceType> types = registry.resources(g, v);
        if (types.isEmpty()) throw ApiException.notFound("groupversions", g.isEmpty() ? v : g + "/" + v);
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", g.isEmpty() ? v : g + "/" + v);
        ArrayNode rs = o.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = rs.addObject();
            r.put("name", t.plural()).put("singularName", t.singular()).put("namespaced", t.namespaced()).put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            t.verbs().stream().sorted().forEach(verbs::add);
            if (!t.shortNames().isEmpty()) t.shortNames().forEach(r.putArray("shortNames")::add);
            if (!t.categories().isEmpty()) t.categories().forEach(r.putArray("categories")::add);
            if (t.statusSubresource()) {
                ObjectNode s = rs.addObject();
                s.put("name", t.plural() + "/status").put("singularName", "").put("namespaced", t.namespaced()).put("kind", t.kind());
                s.putArray("verbs").add("get").add("patch").add("update");
            }
            if (t.group().isEmpty() && t.plural().equals("serviceaccounts")) {
                ObjectNode s = rs.addObject();
                s.put("name", "serviceaccounts/token").put("singularName", "").put("namespaced", true)
                        .put("group", "authentication.k8s.io").put("version", "v1").put("kind", "TokenRequest");
                s.putArray("verbs").add("create");
            }
        }
        return o;
    }
}
