package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import java.util.ArrayList;
import java.util.List;

/**
 * Legacy (non-aggregated) discovery documents, built with fabric8's discovery models. kubectl 1.32 asks for
 * aggregated discovery first and falls back to these when the answer is a plain APIGroupList.
 * Stateless apart from the read-only registry; thread-safe.
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
        return Json.toObject(new APIVersionsBuilder().withKind("APIVersions").withVersions("v1")
                .addNewServerAddressByClientCIDR("0.0.0.0/0", "").build());
    }

    private ObjectNode groupList() {
        List<APIGroup> groups = new ArrayList<>();
        for (String g : registry.groups()) if (!g.isEmpty()) groups.add(groupBody(g));
        return Json.toObject(new APIGroupListBuilder().withApiVersion("v1").withKind("APIGroupList").withGroups(groups).build());
    }

    private ObjectNode group(String g) {
        if (registry.versions(g).isEmpty()) throw ApiException.notFound("groups", g);
        APIGroup group = groupBody(g);
        group.setApiVersion("v1");
        group.setKind("APIGroup");
        return Json.toObject(group);
    }

    private APIGroup groupBody(String g) {
        List<String> versions = registry.versions(g);
        List<GroupVersionForDiscovery> vs = versions.stream().map(v -> new GroupVersionForDiscovery(g + "/" + v, v)).toList();
        return new APIGroupBuilder().withName(g).withVersions(vs).withPreferredVersion(vs.get(0)).build();
    }

    private ObjectNode resourceList(String g, String v) {
        List<ResourceType> types = registry.resources(g, v);
        if (types.isEmpty()) throw ApiException.notFound("groupversions", g.isEmpty() ? v : g + "/" + v);
        List<APIResource> rs = new ArrayList<>();
        for (ResourceType t : types) {
            rs.add(new APIResourceBuilder().withName(t.plural()).withSingularName(t.singular()).withNamespaced(t.namespaced())
                    .withKind(t.kind()).withVerbs(t.verbs().stream().sorted().toList())
                    .withShortNames(t.shortNames().isEmpty() ? null : t.shortNames())
                    .withCategories(t.categories().isEmpty() ? null : t.categories()).build());
            if (t.statusSubresource()) {
                rs.add(new APIResourceBuilder().withName(t.plural() + "/status").withSingularName("").withNamespaced(t.namespaced())
                        .withKind(t.kind()).withVerbs("get", "patch", "update").build());
            }
            if (t.group().isEmpty() && t.plural().equals("serviceaccounts")) {
                rs.add(new APIResourceBuilder().withName("serviceaccounts/token").withSingularName("").withNamespaced(true)
                        .withGroup("authentication.k8s.io").withVersion("v1").withKind("TokenRequest").withVerbs("create").build());
            }
        }
        return Json.toObject(new APIResourceListBuilder().withApiVersion("v1").withKind("APIResourceList")
                .withGroupVersion(g.isEmpty() ? v : g + "/" + v).withResources(rs).build());
    }
}
