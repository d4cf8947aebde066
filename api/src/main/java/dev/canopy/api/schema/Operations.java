package dev.canopy.api.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The REST operations of one resource, in a dialect-neutral form that {@link OpenApi} renders as
 * OpenAPI v3 or Swagger 2.0 path items. Query parameters follow kube-apiserver's names because
 * kubectl looks for them (it uses server-side field validation only when the PATCH operation of a
 * kind declares {@code fieldValidation}).
 */
final class Operations {
    private Operations() {}

    record Param(String name, String in, String type, String description) {}

    /** @param action x-kubernetes-action; @param bodyRef component of the request body or null; @param consumes body media types */
    record Op(String method, String action, String operationId, String description, List<Param> params,
              String bodyRef, List<String> consumes, String responseRef) {}

    record PathItem(String path, List<Param> pathParams, List<Op> ops) {}

    static final Param NAME = new Param("name", "path", "string", "name of the resource");
    static final Param NAMESPACE = new Param("namespace", "path", "string", "object name and auth scope, such as for teams and projects");
    static final Param PRETTY = new Param("pretty", "query", "string", "If 'true', then the output is pretty printed.");
    static final Param DRY_RUN = new Param("dryRun", "query", "string",
            "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed");
    static final Param FIELD_MANAGER = new Param("fieldManager", "query", "string",
            "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types.");
    static final Param FIELD_VALIDATION = new Param("fieldValidation", "query", "string",
            "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: ignores unknown fields. - Warn: sends a warning for each unknown field. - Strict: fails the request on any unknown field.");
    static final Param FORCE = new Param("force", "query", "boolean",
            "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.");
    static final List<Param> LIST_PARAMS = List.of(
            new Param("allowWatchBookmarks", "query", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
            new Param("continue", "query", "string", "The continue option should be set when retrieving more results from the server."),
            new Param("fieldSelector", "query", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
            new Param("labelSelector", "query", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
            new Param("limit", "query", "integer", "limit is a maximum number of responses to return for a list call."),
            new Param("resourceVersion", "query", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
            new Param("resourceVersionMatch", "query", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
            new Param("sendInitialEvents", "query", "boolean", "sendInitialEvents=true may be set together with watch=true."),
            new Param("timeoutSeconds", "query", "integer", "Timeout for the list/watch call."),
            new Param("watch", "query", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."));
    static final List<Param> DELETE_PARAMS = List.of(DRY_RUN,
            new Param("gracePeriodSeconds", "query", "integer", "The duration in seconds before the object should be deleted."),
            new Param("propagationPolicy", "query", "string", "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."));
    static final List<Param> WRITE_PARAMS = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
    static final List<Param> PATCH_PARAMS = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);

    static final String APPLY = "application/apply-patch+yaml";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";

    /** Whether kubectl may send strategic merge patches: Kubernetes' own kinds, as kube-apiserver (CRDs do not). */
    static boolean strategic(ResourceType t) {
        return t.group().isEmpty() || t.group().endsWith(".k8s.io");
    }

    static List<PathItem> pathItems(ResourceType t, String kindRef, String listRef) {
        String prefix = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
        String idBase = groupCamel(t.group()) + upper(t.version());
        String scope = t.namespaced() ? "Namespaced" : "";
        String coll = prefix + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
        List<Param> scopeParams = t.namespaced() ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY);
        List<Param> itemParams = t.namespaced() ? List.of(NAME, NAMESPACE, PRETTY) : List.of(NAME, PRETTY);
        var verbs = t.verbs();
        List<PathItem> out = new ArrayList<>();
        List<String> patchTypes = strategic(t) ? List.of(APPLY, JSON_PATCH, MERGE_PATCH, STRATEGIC) : List.of(APPLY, JSON_PATCH, MERGE_PATCH);
        List<String> bodyTypes = List.of("application/json", "application/yaml");

        List<Op> collOps = new ArrayList<>();
        if (verbs.contains("list")) collOps.add(new Op("get", "list", "list" + idBase + scope + t.kind(), "list or watch objects of kind " + t.kind(), LIST_PARAMS, null, List.of(), listRef));
        if (verbs.contains("create")) collOps.add(new Op("post", "post", "create" + idBase + scope + t.kind(), "create a " + t.kind(), WRITE_PARAMS, kindRef, bodyTypes, kindRef));
        if (verbs.contains("deletecollection")) collOps.add(new Op("delete", "deletecollection", "deletecollection" + idBase + scope + t.kind(), "delete collection of " + t.kind(),
                concat(LIST_PARAMS, DELETE_PARAMS), null, List.of(), "io.k8s.apimachinery.pkg.apis.meta.v1.Status"));
        if (!collOps.isEmpty()) out.add(new PathItem(coll, scopeParams, collOps));

        if (!t.stored()) return out;
        List<Op> itemOps = new ArrayList<>();
        if (verbs.contains("get")) itemOps.add(new Op("get", "get", "read" + idBase + scope + t.kind(), "read the specified " + t.kind(), List.of(), null, List.of(), kindRef));
        if (verbs.contains("update")) itemOps.add(new Op("put", "put", "replace" + idBase + scope + t.kind(), "replace the specified " + t.kind(), WRITE_PARAMS, kindRef, bodyTypes, kindRef));
        if (verbs.contains("patch")) itemOps.add(new Op("patch", "patch", "patch" + idBase + scope + t.kind(), "partially update the specified " + t.kind(), PATCH_PARAMS,
                "io.k8s.apimachinery.pkg.apis.meta.v1.Patch", patchTypes, kindRef));
        if (verbs.contains("delete")) itemOps.add(new Op("delete", "delete", "delete" + idBase + scope + t.kind(), "delete a " + t.kind(), DELETE_PARAMS, null, List.of(),
                "io.k8s.apimachinery.pkg.apis.meta.v1.Status"));
        if (!itemOps.isEmpty()) out.add(new PathItem(coll + "/{name}", itemParams, itemOps));

        if (t.statusSubresource()) {
            List<Op> st = new ArrayList<>();
            if (verbs.contains("get")) st.add(new Op("get", "get", "read" + idBase + scope + t.kind() + "Status", "read status of the specified " + t.kind(), List.of(), null, List.of(), kindRef));
            if (verbs.contains("update")) st.add(new Op("put", "put", "replace" + idBase + scope + t.kind() + "Status", "replace status of the specified " + t.kind(), WRITE_PARAMS, kindRef, bodyTypes, kindRef));
            if (verbs.contains("patch")) st.add(new Op("patch", "patch", "patch" + idBase + scope + t.kind() + "Status", "partially update status of the specified " + t.kind(), PATCH_PARAMS,
                    "io.k8s.apimachinery.pkg.apis.meta.v1.Patch", patchTypes, kindRef));
            if (!st.isEmpty()) out.add(new PathItem(coll + "/{name}/status", itemParams, st));
        }
        if (t.namespaced() && verbs.contains("list")) {
            out.add(new PathItem(prefix + "/" + t.plural(), List.of(PRETTY), List.of(new Op("get", "list", "list" + idBase + t.kind() + "ForAllNamespaces",
                    "list or watch objects of kind " + t.kind() + " in all namespaces", LIST_PARAMS, null, List.of(), listRef))));
        }
        return out;
    }

    /** Renders one path item; {@code gvk} is attached to every operation as kubectl expects (a single object). */
    static ObjectNode render(PathItem item, Map<String, String> gvk, Schema.Dialect d) {
        ObjectNode pi = Json.object();
        for (Op op : item.ops()) {
            ObjectNode o = pi.putObject(op.method());
            o.put("description", op.description());
            o.put("operationId", op.operationId());
            var params = o.putArray("parameters");
            for (Param p : op.params()) params.add(param(p, d));
            String ref = d.refPrefix;
            if (op.bodyRef() != null) {
                if (d == Schema.Dialect.V3) {
                    ObjectNode rb = o.putObject("requestBody");
                    ObjectNode content = rb.putObject("content");
                    for (String c : op.consumes()) content.putObject(c).putObject("schema").put("$ref", ref + op.bodyRef());
                    rb.put("required", true);
                } else {
                    ObjectNode body = params.addObject();
                    body.put("name", "body").put("in", "body").put("required", true);
                    body.putObject("schema").put("$ref", ref + op.bodyRef());
                    var consumes = o.putArray("consumes");
                    op.consumes().forEach(consumes::add);
                }
            }
            ObjectNode ok = o.putObject("responses").putObject("200");
            ok.put("description", "OK");
            if (d == Schema.Dialect.V3) {
                ObjectNode content = ok.putObject("content");
                for (String c : List.of("application/json", "application/yaml")) content.putObject(c).putObject("schema").put("$ref", ref + op.responseRef());
            } else {
                ok.putObject("schema").put("$ref", ref + op.responseRef());
                o.putArray("produces").add("application/json").add("application/yaml");
                o.putArray("schemes").add("https");
            }
            ((ObjectNode) o.get("responses")).putObject("401").put("description", "Unauthorized");
            o.put("x-kubernetes-action", op.action());
            ObjectNode g = o.putObject("x-kubernetes-group-version-kind");
            gvk.forEach(g::put);
        }
        var params = pi.putArray("parameters");
        for (Param p : item.pathParams()) params.add(param(p, d));
        return pi;
    }

    private static ObjectNode param(Param p, Schema.Dialect d) {
        ObjectNode n = Json.object();
        n.put("name", p.name()).put("in", p.in()).put("description", p.description());
        if (p.in().equals("path")) n.put("required", true);
        if (d == Schema.Dialect.V3) n.putObject("schema").put("type", p.type()).put("uniqueItems", true);
        else n.put("type", p.type()).put("uniqueItems", true);
        return n;
    }

    static Map<String, String> gvk(String group, String version, String kind) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("group", group);
        m.put("kind", kind);
        m.put("version", version);
        return m;
    }

    private static List<Param> concat(List<Param> a, List<Param> b) {
        List<Param> out = new ArrayList<>(a);
        for (Param p : b) if (out.stream().noneMatch(x -> x.name().equals(p.name()))) out.add(p);
        return List.copyOf(out);
    }

    static String groupCamel(String group) {
        if (group.isEmpty()) return "Core";
        String g = group.endsWith(".k8s.io") ? group.substring(0, group.length() - ".k8s.io".length()) : group;
        StringBuilder sb = new StringBuilder();
        for (String part : g.split("[.-]")) sb.append(upper(part));
        return sb.toString();
    }

    private static String upper(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
