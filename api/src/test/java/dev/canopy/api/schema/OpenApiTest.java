package dev.canopy.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads the documents the way kubectl 1.32 does (explain templates, QueryParamVerifierV3, SMP meta). */
class OpenApiTest {
    static final Registry REGISTRY = BuiltinKinds.registry();

    /** Round-trip through bytes, as a client sees it. */
    static JsonNode v3(String group, String version) {
        return Json.parseObject(Json.writeBytes(OpenApi.v3(REGISTRY, group, version).orElseThrow()));
    }

    @Test
    void indexListsEveryGroupVersionWithAHashedUrl() {
        JsonNode index = Json.parseObject(Json.writeBytes(OpenApi.v3Index(REGISTRY)));
        List<String> keys = new ArrayList<>();
        index.get("paths").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).contains("api/v1", "apis/rbac.authorization.k8s.io/v1", "apis/tenancy.canopy.dev/v1alpha1", "apis/apps.cozystack.io/v1alpha1");
        assertThat(keys.get(0)).isEqualTo("api/v1");
        index.get("paths").properties().forEach(e ->
                assertThat(e.getValue().get("serverRelativeURL").asText()).matches("/openapi/v3/" + e.getKey().replace(".", "\\.") + "\\?hash=[0-9A-F]{128}"));
        assertThat(OpenApi.v3(REGISTRY, "nope.dev", "v1")).isEmpty();
    }

    /** kubectl uses server-side strict validation only if every PATCH op of the kind declares fieldValidation. */
    @ParameterizedTest
    @CsvSource({",v1,ConfigMap", ",v1,Namespace", "rbac.authorization.k8s.io,v1,RoleBinding", "tenancy.canopy.dev,v1alpha1,Tenant",
            "apps.cozystack.io,v1alpha1,Tenant"})
    void patchOperationsDeclareFieldValidation(String group, String version, String kind) {
        String g = group == null ? "" : group;
        JsonNode doc = v3(g, version);
        int patchOps = 0;
        for (JsonNode path : iterable(doc.get("paths"))) {
            JsonNode op = path.get("patch");
            if (op == null) continue;
            JsonNode gvk = op.get("x-kubernetes-group-version-kind");
            if (!(gvk.get("group").asText().equals(g) && gvk.get("version").asText().equals(version) && gvk.get("kind").asText().equals(kind))) continue;
            patchOps++;
            List<String> query = new ArrayList<>();
            op.get("parameters").forEach(p -> { if (p.get("in").asText().equals("query")) query.add(p.get("name").asText()); });
            assertThat(query).contains("fieldValidation", "dryRun", "fieldManager", "force");
            assertThat(op.at("/requestBody/content").has("application/apply-patch+yaml")).isTrue();
            // CRD-like kinds must not advertise SMP: kubectl would then send merge patches it computes itself.
            assertThat(op.at("/requestBody/content").has("application/strategic-merge-patch+json")).isEqualTo(g.isEmpty() || g.endsWith("k8s.io"));
        }
        assertThat(patchOps).isPositive();
        for (String m : List.of("post", "put")) {
            for (JsonNode path : iterable(doc.get("paths"))) {
                if (path.has(m)) assertThat(path.get(m).get("parameters").toString()).contains("\"fieldValidation\"");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
            ",v1,configmaps,'',Object,ConfigMap holds configuration data",
            ",v1,configmaps,data,map[string]string,Data contains the configuration data",
            ",v1,configmaps,metadata,ObjectMeta,Standard object's metadata",
            ",v1,configmaps,metadata.labels,map[string]string,",
            ",v1,namespaces,spec.finalizers,[]string,",
            "rbac.authorization.k8s.io,v1,rolebindings,subjects,[]Subject,",
            "rbac.authorization.k8s.io,v1,rolebindings,subjects.name,string,Name of the object being referenced",
            "tenancy.canopy.dev,v1alpha1,tenants,spec,TenantSpec,Spec defines the desired state",
            "tenancy.canopy.dev,v1alpha1,tenants,spec.host,string,The tenant's domain",
            "tenancy.canopy.dev,v1alpha1,tenants,spec.resourceQuotas,map[string]Quantity,Hard limits",
            "apps.cozystack.io,v1alpha1,tenants,spec.etcd,boolean,dedicated etcd",
    })
    void explainResolvesResourcesAndFields(String group, String version, String plural, String fieldPath, String type, String description) {
        String g = group == null ? "" : group;
        JsonNode doc = v3(g, version);
        Explain e = Explain.of(doc, g, version, plural, fieldPath.isEmpty() ? List.of() : List.of(fieldPath.split("\\.")));
        assertThat(e.type).isEqualTo(type);
        if (description != null) assertThat(e.description).contains(description);
    }

    @Test
    void everyReferenceResolvesAndKindsCarryTheirGvk() {
        for (String[] gv : OpenApi.groupVersions(REGISTRY)) {
            JsonNode doc = v3(gv[0], gv[1]);
            JsonNode schemas = doc.at("/components/schemas");
            List<String> refs = new ArrayList<>();
            collectRefs(doc, refs);
            for (String r : refs) assertThat(schemas.has(r.substring("#/components/schemas/".length()))).as(r).isTrue();
            for (var t : REGISTRY.resources(gv[0], gv[1])) {
                JsonNode kind = schemas.get(OpenApi.kindComponentName(t));
                assertThat(kind.get("x-kubernetes-group-version-kind").toString())
                        .isEqualTo("[{\"group\":\"" + t.group() + "\",\"kind\":\"" + t.kind() + "\",\"version\":\"" + t.version() + "\"}]");
                assertThat(schemas.get(OpenApi.kindComponentName(t) + "List").at("/properties/items/items/$ref").asText()).endsWith(t.kind());
            }
        }
        assertThat(v3("", "v1").at("/components/schemas").has("io.k8s.api.core.v1.ConfigMap")).isTrue();
        assertThat(v3("tenancy.canopy.dev", "v1alpha1").at("/components/schemas").has("dev.canopy.tenancy.v1alpha1.Tenant")).isTrue();
        assertThat(v3("", "v1").at("/components/schemas").has("io.k8s.apimachinery.pkg.apis.meta.v1.Status")).isTrue();
    }

    /** kubectl computes strategic merge patches from these extensions (PatchMetaFromOpenAPIV3). */
    @Test
    void listMergeRulesAreAdvertised() {
        JsonNode meta = v3("", "v1").at("/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta/properties");
        assertThat(meta.at("/finalizers/x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(meta.at("/ownerReferences/x-kubernetes-patch-merge-key").asText()).isEqualTo("uid");
        JsonNode ns = v3("", "v1").at("/components/schemas/io.k8s.api.core.v1.NamespaceSpec/properties/finalizers");
        assertThat(ns.has("x-kubernetes-patch-strategy")).isFalse();
    }

    @Test
    void swagger2HasDefinitionsAndPaths() {
        JsonNode v2 = Json.parseObject(Json.writeBytes(OpenApi.v2(REGISTRY)));
        assertThat(v2.get("swagger").asText()).isEqualTo("2.0");
        assertThat(v2.at("/definitions/io.k8s.api.core.v1.ConfigMap/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("ConfigMap");
        assertThat(v2.at("/definitions/io.cozystack.apps.v1alpha1.Tenant/x-kubernetes-group-version-kind/0/group").asText()).isEqualTo("apps.cozystack.io");
        JsonNode patch = v2.at("/paths/~1api~1v1~1namespaces~1{namespace}~1configmaps~1{name}/patch");
        assertThat(patch.get("consumes").toString()).contains("application/strategic-merge-patch+json");
        assertThat(patch.get("parameters").toString()).contains("fieldValidation").contains("\"in\":\"body\"");
        List<String> refs = new ArrayList<>();
        collectRefs(v2, refs);
        for (String r : refs) assertThat(v2.get("definitions").has(r.substring("#/definitions/".length()))).as(r).isTrue();
    }

    @Test
    void servedDocumentsMatchTheirIndexHashes() {
        OpenApiDocuments docs = new OpenApiDocuments(REGISTRY);
        JsonNode index = Json.parseObject(docs.index());
        index.get("paths").properties().forEach(e -> {
            byte[] doc = docs.v3(e.getKey()).orElseThrow();
            assertThat(e.getValue().get("serverRelativeURL").asText()).endsWith("?hash=" + OpenApi.hash(doc));
            assertThat(docs.hash("/" + e.getKey())).contains(OpenApi.hash(doc));
        });
        assertThat(docs.v3("apis/nope/v1")).isEmpty();
        assertThat(Json.parseObject(docs.v2()).get("swagger").asText()).isEqualTo("2.0");
    }

    static Iterable<JsonNode> iterable(JsonNode n) { return n::elements; }

    static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) n.properties().forEach(e -> { if (e.getKey().equals("$ref")) out.add(e.getValue().asText()); else collectRefs(e.getValue(), out); });
        else if (n.isArray()) n.forEach(x -> collectRefs(x, out));
    }

    /** A transcription of the lookup kubectl's explain plaintext template performs. */
    static final class Explain {
        String type;
        String description;

        static Explain of(JsonNode doc, String group, String version, String plural, List<String> fieldPath) {
            String prefix = group.isEmpty() ? "/api" : "/apis/" + group;
            JsonNode gvk = null;
            for (String p : List.of(prefix + "/" + version + "/" + plural, prefix + "/" + version + "/" + plural + "/{name}",
                    prefix + "/" + version + "/namespaces/{namespace}/" + plural, prefix + "/" + version + "/namespaces/{namespace}/" + plural + "/{name}")) {
                JsonNode item = doc.get("paths").get(p);
                if (item == null || gvk != null) continue;
                for (String m : List.of("get", "post", "put", "patch", "delete")) {
                    if (item.has(m) && item.get(m).has("x-kubernetes-group-version-kind")) { gvk = item.get(m).get("x-kubernetes-group-version-kind"); break; }
                }
            }
            assertThat(gvk).as("GVR not found").isNotNull();
            JsonNode schema = null;
            for (JsonNode s : iterable(doc.at("/components/schemas"))) {
                JsonNode list = s.get("x-kubernetes-group-version-kind");
                if (list != null) for (JsonNode x : list) if (x.equals(gvk)) schema = s;
            }
            assertThat(schema).as("GVK not found").isNotNull();
            Explain e = new Explain();
            JsonNode fieldSchema = schema;
            for (String f : fieldPath) {
                JsonNode resolved = dig(doc, fieldSchema);
                assertThat(resolved.at("/properties/" + f).isMissingNode()).as("field " + f).isFalse();
                fieldSchema = resolved.at("/properties/" + f);
            }
            e.type = fieldPath.isEmpty() ? "Object" : typeGuess(doc, fieldSchema);
            e.description = description(doc, fieldSchema);
            return e;
        }

        /** resolveRef, then items / additionalProperties / allOf, as the template's "output" does. */
        static JsonNode dig(JsonNode doc, JsonNode s) {
            JsonNode r = resolve(doc, s);
            if (r.has("properties")) return r;
            if (r.has("items")) return dig(doc, r.get("items"));
            if (r.has("additionalProperties") && r.get("additionalProperties").isObject()) return dig(doc, r.get("additionalProperties"));
            if (r.has("allOf")) return dig(doc, r.get("allOf").get(0));
            return r;
        }

        static JsonNode resolve(JsonNode doc, JsonNode s) {
            if (s.has("$ref")) return doc.at("/components/schemas/" + s.get("$ref").asText().substring("#/components/schemas/".length()));
            return s;
        }

        static String typeGuess(JsonNode doc, JsonNode s) {
            if (s.has("items")) return "[]" + typeGuess(doc, s.get("items"));
            if (s.has("additionalProperties") && s.get("additionalProperties").isObject()) return "map[string]" + typeGuess(doc, s.get("additionalProperties"));
            if (s.has("allOf") && !s.has("properties") && s.get("allOf").size() == 1) return typeGuess(doc, s.get("allOf").get(0));
            if (s.has("$ref")) {
                JsonNode ref = resolve(doc, s);
                if (!ref.has("type") || ref.get("type").asText().equals("object")) {
                    String[] parts = s.get("$ref").asText().split("/");
                    String[] dots = parts[parts.length - 1].split("\\.");
                    return dots[dots.length - 1];
                }
                return ref.get("type").asText();
            }
            if (!s.has("type") || s.get("type").asText().equals("object")) return "Object";
            return s.get("type").asText();
        }

        static String description(JsonNode doc, JsonNode s) {
            StringBuilder sb = new StringBuilder();
            JsonNode r = resolve(doc, s);
            if (r.has("description")) sb.append(r.get("description").asText());
            if (s.has("description") && s != r) sb.append(s.get("description").asText());
            if (r.has("allOf")) r.get("allOf").forEach(x -> sb.append(description(doc, x)));
            return sb.toString();
        }
    }

}
