package dev.canopy.server.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenarios as a user runs them with kubectl apply --server-side, edit and client-side apply. */
class ServerSideApplyTest {
    static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

    static ObjectNode yaml(String y) { return (ObjectNode) Json.parseYaml(y.getBytes(StandardCharsets.UTF_8)); }

    static ObjectNode apply(ObjectNode current, String config, String manager, boolean force, Instant now) {
        return ServerSideApply.apply(current, yaml(config), manager, force, now);
    }

    static JsonNode entry(ObjectNode o, String manager, String operation) {
        for (JsonNode e : o.at("/metadata/managedFields")) {
            if (e.get("manager").asText().equals(manager) && e.get("operation").asText().equals(operation)) return e;
        }
        return null;
    }

    static List<String> managers(ObjectNode o) {
        List<String> out = new ArrayList<>();
        o.at("/metadata/managedFields").forEach(e -> out.add(e.get("manager").asText() + "/" + e.get("operation").asText()));
        return out;
    }

    static final String V1 = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cm
              namespace: ns
              labels: {app: web, tier: front}
            data:
              color: blue
              size: large
            """;

    @Test
    void createOwnsEveryAppliedField() throws Exception {
        ObjectNode o = apply(null, V1, "kubectl", false, T1);
        assertThat(o.at("/data")).isEqualTo(Json.MAPPER.readTree("{\"color\":\"blue\",\"size\":\"large\"}"));
        JsonNode e = entry(o, "kubectl", "Apply");
        assertThat(e.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(e.get("time").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(e.get("fieldsType").asText()).isEqualTo("FieldsV1");
        assertThat(e.get("fieldsV1")).isEqualTo(Json.MAPPER.readTree(
                "{\"f:data\":{\"f:color\":{},\"f:size\":{}},\"f:metadata\":{\"f:labels\":{\"f:app\":{},\"f:tier\":{}}}}"));
    }

    @Test
    void reapplyWithoutAFieldRemovesIt() {
        ObjectNode o = apply(null, V1, "kubectl", false, T1);
        ObjectNode o2 = apply(o, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: cm
                  namespace: ns
                  labels: {app: web}
                data:
                  color: red
                """, "kubectl", false, T2);
        assertThat(o2.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(o2.at("/data").toString()).isEqualTo("{\"color\":\"red\"}");
        assertThat(entry(o2, "kubectl", "Apply").get("fieldsV1").toString())
                .isEqualTo("{\"f:data\":{\"f:color\":{}},\"f:metadata\":{\"f:labels\":{\"f:app\":{}}}}");
        assertThat(entry(o2, "kubectl", "Apply").get("time").asText()).isEqualTo("2026-01-01T11:00:00Z");
        // Dropping the last label removes the now empty map, as kube-apiserver 1.32 does.
        ObjectNode o3 = apply(o2, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: ns}\ndata: {color: red}\n", "kubectl", false, T2);
        assertThat(o3.at("/metadata").has("labels")).isFalse();
    }

    @Test
    void identicalReapplyIsANoOpAndKeepsTheTime() {
        ObjectNode o = apply(null, V1, "kubectl", false, T1);
        ObjectNode o2 = apply(o, V1, "kubectl", false, T2);
        assertThat(o2).isEqualTo(o);
    }

    @Test
    void changingAFieldOwnedByAnotherManagerConflicts() {
        ObjectNode created = ManagedFields.recordUpdate(null, yaml(V1), "kubectl-client-side-apply", "v1", T1);
        assertThatThrownBy(() -> apply(created, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: ns}\ndata: {color: green}\n", "kubectl", false, T2))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.color");
                    assertThat(e.causes()).singleElement().satisfies(c -> {
                        assertThat(c.field()).isEqualTo(".data.color");
                        assertThat(c.type()).isEqualTo("FieldManagerConflict");
                    });
                });
        // Several conflicts are listed per manager.
        assertThatThrownBy(() -> apply(created, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: ns, labels: {app: api}}\ndata: {color: green}\n", "kubectl", false, T2))
                .hasMessage("Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using v1:\n- .data.color\n- .metadata.labels.app");
    }

    @Test
    void sameValueIsSharedNotAConflict() {
        ObjectNode created = ManagedFields.recordUpdate(null, yaml(V1), "kubectl-create", "v1", T1);
        ObjectNode o = apply(created, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: ns}\ndata: {color: blue}\n", "kubectl", false, T2);
        assertThat(entry(o, "kubectl", "Apply").at("/fieldsV1/f:data").has("f:color")).isTrue();
        assertThat(entry(o, "kubectl-create", "Update").at("/fieldsV1/f:data").has("f:color")).isTrue();
    }

    @Test
    void forceTakesOwnership() {
        ObjectNode created = ManagedFields.recordUpdate(null, yaml(V1), "kubectl-client-side-apply", "v1", T1);
        ObjectNode o = apply(created, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: ns}\ndata: {color: green}\n", "kubectl", true, T2);
        assertThat(o.at("/data/color").asText()).isEqualTo("green");
        assertThat(entry(o, "kubectl", "Apply").at("/fieldsV1/f:data").has("f:color")).isTrue();
        JsonNode csa = entry(o, "kubectl-client-side-apply", "Update");
        assertThat(csa.at("/fieldsV1/f:data").has("f:color")).isFalse();
        assertThat(csa.at("/fieldsV1/f:data").has("f:size")).isTrue();
        assertThat(managers(o)).containsExactly("kubectl/Apply", "kubectl-client-side-apply/Update");
    }

    @Test
    void twoAppliersShareAndPruneOnlyTheirOwn() {
        ObjectNode a = apply(null, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, labels: {a: '1', shared: x}}\n", "alice", false, T1);
        ObjectNode b = apply(a, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, labels: {b: '2', shared: x}}\n", "bob", false, T1);
        assertThat(b.at("/metadata/labels").toString()).isEqualTo("{\"a\":\"1\",\"shared\":\"x\",\"b\":\"2\"}");
        ObjectNode c = apply(b, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n", "alice", false, T2);
        assertThat(c.at("/metadata/labels").toString()).isEqualTo("{\"shared\":\"x\",\"b\":\"2\"}");
        assertThat(managers(c)).containsExactly("bob/Apply");
        assertThatThrownBy(() -> apply(c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, labels: {shared: y}}\n", "alice", false, T2))
                .hasMessageContaining("conflict with \"bob\": .metadata.labels.shared");
    }

    @Test
    void fieldsSetByAnEditorSurviveReapply() {
        ObjectNode o = apply(null, V1, "kubectl", false, T1);
        ObjectNode edited = o.deepCopy();
        ((ObjectNode) edited.get("data")).put("extra", "1");
        ObjectNode afterEdit = ManagedFields.recordUpdate(o, edited, "kubectl-edit", "v1", T2);
        ObjectNode o2 = apply(afterEdit, V1, "kubectl", false, T2);
        assertThat(o2.at("/data/extra").asText()).isEqualTo("1");
        assertThat(entry(o2, "kubectl-edit", "Update").at("/fieldsV1/f:data").has("f:extra")).isTrue();
    }

    @Test
    void keyedListsAreOwnedPerItemAndPruned() {
        String two = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, finalizers: [a, b]}
                spec:
                  containers:
                  - {name: web, image: 'nginx:1'}
                  - {name: side, image: 'busybox'}
                """;
        ObjectNode o = apply(null, two, "kubectl", false, T1);
        JsonNode f = entry(o, "kubectl", "Apply").get("fieldsV1");
        assertThat(f.at("/f:spec/f:containers").has("k:{\"name\":\"web\"}")).isTrue();
        assertThat(f.at("/f:spec/f:containers/k:{\"name\":\"web\"}").has(".")).isTrue();
        assertThat(f.at("/f:spec/f:containers/k:{\"name\":\"web\"}").has("f:image")).isTrue();
        assertThat(f.at("/f:metadata/f:finalizers").has("v:\"a\"")).isTrue();
        ObjectNode o2 = apply(o, """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, finalizers: [a]}
                spec:
                  containers:
                  - {name: web, image: 'nginx:2'}
                """, "kubectl", false, T2);
        assertThat(o2.at("/spec/containers").toString()).isEqualTo("[{\"name\":\"web\",\"image\":\"nginx:2\"}]");
        assertThat(o2.at("/metadata/finalizers").toString()).isEqualTo("[\"a\"]");
        // Another applier adding a container merges with, not replaces, the list.
        ObjectNode o3 = apply(o2, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: log, image: fluent}\n", "other", false, T2);
        assertThat(o3.at("/spec/containers").size()).isEqualTo(2);
        assertThatThrownBy(() -> apply(o3, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: web, image: 'nginx:3'}\n", "other", false, T2))
                .hasMessageContaining(".spec.containers[name=\"web\"].image");
    }

    @Test
    void atomicListsBelongWhole() {
        ObjectNode o = apply(null, """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: r, namespace: ns}
                rules:
                - {apiGroups: [''], resources: [configmaps], verbs: [get]}
                """, "kubectl", false, T1);
        assertThat(entry(o, "kubectl", "Apply").get("fieldsV1").toString()).isEqualTo("{\"f:rules\":{}}");
        ObjectNode o2 = apply(o, "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\nrules: []\n", "kubectl", false, T2);
        assertThat(o2.at("/rules").size()).isZero();
    }

    @Test
    void statusWritersAreSeparateManagers() {
        ObjectNode o = apply(null, "apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Tenant\nmetadata: {name: foo, namespace: tenant-root}\nspec: {etcd: true}\n", "kubectl", false, T1);
        ObjectNode withStatus = o.deepCopy();
        withStatus.putObject("status").put("domain", "foo.example.org");
        ObjectNode s = ManagedFields.recordUpdate(o, withStatus, "canopy-tenants", "tenancy.canopy.dev/v1alpha1", "status", T2);
        assertThat(entry(s, "canopy-tenants", "Update").get("subresource").asText()).isEqualTo("status");
        ObjectNode again = apply(s, "apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Tenant\nmetadata: {name: foo, namespace: tenant-root}\nspec: {etcd: false}\n", "kubectl", false, T2);
        assertThat(again.at("/status/domain").asText()).isEqualTo("foo.example.org");
        assertThatThrownBy(() -> ServerSideApply.apply(again, yaml("apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Tenant\nmetadata: {name: foo, namespace: tenant-root}\nstatus: {domain: other}\n"),
                "someone", false, "status", T2))
                .hasMessage("Apply failed with 1 conflict: conflict with \"canopy-tenants\" with subresource \"status\" using tenancy.canopy.dev/v1alpha1: .status.domain");
    }

    @Test
    void rejectsBadApplyConfigurations() {
        assertThatThrownBy(() -> apply(null, V1, " ", false, T1)).hasMessageContaining("fieldManager");
        assertThatThrownBy(() -> apply(null, "kind: ConfigMap\nmetadata: {name: x}\n", "m", false, T1)).hasMessageContaining("apiVersion must be set");
        assertThatThrownBy(() -> apply(null, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, managedFields: [{manager: x}]}\n", "m", false, T1))
                .hasMessageContaining("metadata.managedFields must be nil");
    }

    @Test
    void objectsWithoutOwnershipBelongToBeforeFirstApply() {
        ObjectNode legacy = yaml(V1);
        assertThatThrownBy(() -> apply(legacy, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: ns}\ndata: {color: pink}\n", "kubectl", false, T1))
                .hasMessageContaining("conflict with \"before-first-apply\"");
    }
}
