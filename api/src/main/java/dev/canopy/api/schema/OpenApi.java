package dev.canopy.api.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenAPI documents kubectl reads: {@code /openapi/v3} (an index of group/versions),
 * {@code /openapi/v3/apis/<group>/<version>} (one OpenAPI 3.0 document per group/version, used by
 * {@code kubectl explain}, by {@code kubectl apply} to compute strategic merge patches, and to decide
 * to use server-side field validation), and {@code /openapi/v2} (Swagger 2.0, for older clients).
 * Every call builds a fresh document from the registry (the server may cache the bytes; they only
 * change with the registry). Thread-safe.
 */
public final class OpenApi {
    private OpenApi() {}

    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final Map<String, String> STANDARD = Map.of(
            "apiVersion", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.",
            "kind", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.",
            "metadata", "Standard object's metadata.",
            "spec", "Spec defines the desired state of the object.",
            "status", "Status is the most recently observed state of the object. Populated by the system. Read-only.");
    private static final Map<String, String> KIND_DESCRIPTIONS = Map.of(
            "ConfigMap", "ConfigMap holds configuration data for pods to consume.",
            "Secret", "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.",
            "Namespace", "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
            "ServiceAccount", "ServiceAccount binds together: a name, understood by users, and perhaps by peripheral systems, for an identity; a principal that can be authenticated and authorized; a set of secrets.",
            "Role", "Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.",
            "ClusterRole", "ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.",
            "RoleBinding", "RoleBinding references a role, but does not contain it. It can reference a Role in the same namespace or a ClusterRole in the global namespace.",
            "ClusterRoleBinding", "ClusterRoleBinding references a ClusterRole, but not contain it. It can reference a ClusterRole in the global namespace, and adds who information via Subject.");

    /** The {@code paths} key of a group/version: {@code api/v1} or {@code apis/<group>/<version>}. */
    public static String gvPath(String group, String version) {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    /** Every served group/version (canonical and alias), core first. */
    public static List<String[]> groupVersions(Registry r) {
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> out = new ArrayList<>();
        for (ResourceType t : r.all()) {
            if (seen.add(t.group() + "/" + t.version())) out.add(new String[] {t.group(), t.version()});
        }
        out.sort((a, b) -> a[0].isEmpty() == b[0].isEmpty() ? 0 : a[0].isEmpty() ? -1 : 1);
        return out;
    }

    /** {@code /openapi/v3}: {@code {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}}}}. */
    public static ObjectNode v3Index(Registry r) {
        ObjectNode root = Json.object();
        ObjectNode paths = root.putObject("paths");
        for (String[] gv : groupVersions(r)) {
            String key = gvPath(gv[0], gv[1]);
            String hash = hash(Json.writeBytes(v3(r, gv[0], gv[1]).orElseThrow()));
            paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash);
        }
        return root;
    }

    /** The OpenAPI 3.0 document of one group/version ("" for core), empty when nothing is served there. */
    public static Optional<ObjectNode> v3(Registry r, String group, String version) {
        List<ResourceType> types = r.resources(group, version);
        if (types.isEmpty()) return Optional.empty();
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Canopy").put("version", "v1alpha1");
        ObjectNode paths = doc.putObject("paths");
        addPaths(paths, types, Schema.Dialect.V3);
        doc.putObject("components").set("schemas", definitions(types, Schema.Dialect.V3));
        return Optional.of(doc);
    }

    /** The Swagger 2.0 document of everything served ({@code /openapi/v2}). */
    public static ObjectNode v2(Registry r) {
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Canopy").put("version", "v1alpha1");
        ObjectNode paths = doc.putObject("paths");
        addPaths(paths, r.all(), Schema.Dialect.V2);
        doc.set("definitions", definitions(r.all(), Schema.Dialect.V2));
        return doc;
    }

    /**
     * Whether a kind accepts {@code application/strategic-merge-patch+json}: Kubernetes' own kinds do,
     * Canopy's (like CRDs) do not, and the OpenAPI documents advertise exactly that, which is what makes
     * kubectl send merge patches for them. The server should answer 415 to SMP for the others.
     */
    public static boolean acceptsStrategicMergePatch(ResourceType t) { return Operations.strategic(t); }

    /** Component name of a kind: {@code io.k8s.api.core.v1.ConfigMap}, {@code dev.canopy.tenancy.v1alpha1.Tenant}. */
    public static String kindComponentName(ResourceType t) {
        String g = t.group();
        String prefix;
        if (g.isEmpty()) prefix = "io.k8s.api.core";
        else if (g.endsWith(".k8s.io")) prefix = "io.k8s.api." + g.substring(0, g.indexOf('.'));
        else {
            List<String> parts = new ArrayList<>(List.of(g.split("\\.")));
            java.util.Collections.reverse(parts);
            prefix = String.join(".", parts);
        }
        return prefix + "." + t.version() + "." + t.kind();
    }

    private static void addPaths(ObjectNode paths, List<ResourceType> types, Schema.Dialect d) {
        for (ResourceType t : types) {
            String kindRef = kindComponentName(t);
            var gvk = Operations.gvk(t.group(), t.version(), t.kind());
            for (var item : Operations.pathItems(t, kindRef, kindRef + "List")) {
                paths.set(item.path(), Operations.render(item, gvk, d));
            }
        }
    }

    private static ObjectNode definitions(List<ResourceType> types, Schema.Dialect d) {
        Map<String, ObjectNode> defs = new LinkedHashMap<>();
        List<String> classRoots = new ArrayList<>();
        for (ResourceType t : types) {
            Schemas.Model m = Schemas.of(t.model());
            m.components().forEach((name, s) -> { if (!name.equals(m.root())) defs.putIfAbsent(name, s.toJson(d)); });
            String kindName = kindComponentName(t);
            ObjectNode root = withStandardDescriptions(m.rootSchema(), t).toJson(d);
            root.putArray("x-kubernetes-group-version-kind").add(gvkNode(t.group(), t.version(), t.kind()));
            defs.put(kindName, root);
            if (!m.root().equals(kindName)) classRoots.add(m.root());
            defs.put(kindName + "List", list(t, kindName, d));
            // Record models may hold a plain ObjectMeta or none: metadata is always described.
        }
        for (Class<?> c : List.of(ObjectMeta.class, ListMeta.class, Status.class)) {
            Schemas.of(c).components().forEach((name, s) -> defs.putIfAbsent(name, s.toJson(d)));
        }
        defs.get(META + "Status").putArray("x-kubernetes-group-version-kind").add(gvkNode("", "v1", "Status"));
        defs.put(META + "Patch", Json.object().put("type", "object")
                .put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body."));
        // A kind's class-named component is only kept when something refers to it (a recursive model).
        for (String name : classRoots) {
            if (defs.containsKey(name)) continue;
            String needle = "\"" + d.refPrefix + name + "\"";
            if (defs.values().stream().anyMatch(n -> n.toString().contains(needle))) {
                defs.put(name, types.stream().map(t -> Schemas.of(t.model())).filter(m -> m.root().equals(name))
                        .findFirst().orElseThrow().rootSchema().toJson(d));
            }
        }
        ObjectNode out = Json.object();
        defs.forEach(out::set);
        return out;
    }

    private static Schema withStandardDescriptions(Schema root, ResourceType t) {
        if (!(root instanceof Schema.Obj o)) return root;
        Map<String, Schema> props = new LinkedHashMap<>(o.properties());
        props.replaceAll((k, v) -> v.description() == null && STANDARD.containsKey(k) ? v.describe(STANDARD.get(k)) : v);
        if (!props.containsKey("metadata")) props.put("metadata", new Schema.Ref(STANDARD.get("metadata"), META + "ObjectMeta"));
        String desc = o.description() != null ? o.description() : KIND_DESCRIPTIONS.getOrDefault(t.kind(), t.kind() + " (" + t.apiVersion() + ")");
        return new Schema.Obj(desc, props, o.listRules());
    }

    private static ObjectNode list(ResourceType t, String kindName, Schema.Dialect d) {
        Map<String, Schema> props = new LinkedHashMap<>();
        props.put("apiVersion", new Schema.Str(STANDARD.get("apiVersion"), null, List.of()));
        props.put("items", new Schema.Arr("List of " + t.plural() + ".", new Schema.Ref(null, kindName)));
        props.put("kind", new Schema.Str(STANDARD.get("kind"), null, List.of()));
        props.put("metadata", new Schema.Ref("Standard list metadata.", META + "ListMeta"));
        ObjectNode n = new Schema.Obj(t.kind() + "List is a list of " + t.kind() + ".", props, Map.of()).toJson(d);
        n.putArray("required").add("items");
        n.putArray("x-kubernetes-group-version-kind").add(gvkNode(t.group(), t.version(), t.kind() + "List"));
        return n;
    }

    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode gvkNode(String group, String version, String kind) {
        ObjectNode n = Json.object();
        Operations.gvk(group, version, kind).forEach(n::put);
        return n;
    }
}
