package dev.canopy.server.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PatchesTest {
    static final String CM = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"ns","labels":{"a":"1","b":"2"},
             "finalizers":["x","y","z"],"ownerReferences":[{"uid":"u1","name":"o1","kind":"K","apiVersion":"v1"},{"uid":"u2","name":"o2","kind":"K","apiVersion":"v1"}]},
             "data":{"k1":"v1","k2":"v2"}}""";
    static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
             "spec":{"containers":[{"name":"a","image":"img:1","env":[{"name":"E1","value":"1"}],"ports":[{"containerPort":80}]},{"name":"b","image":"img:2"}],
                     "volumes":[{"name":"v1","emptyDir":{}}]}}""";
    static final String NS = """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","finalizers":["f1"]},"spec":{"finalizers":["kubernetes","other"]}}""";
    static final String RB = """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},"subjects":[{"kind":"User","name":"a"},{"kind":"User","name":"b"}]}""";

    static ObjectNode obj(String json) { return Json.parseObject(json.getBytes(StandardCharsets.UTF_8)); }

    static ObjectNode patch(PatchType t, String current, String body) {
        return Patches.apply(t, obj(current), body.getBytes(StandardCharsets.UTF_8), new PatchContext("test", false, Instant.EPOCH));
    }

    /** (name, type, current, patch body, JSON pointer, expected JSON at the pointer). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("json: add a label", PatchType.JSON, CM, "[{\"op\":\"add\",\"path\":\"/metadata/labels/c\",\"value\":\"3\"}]", "/metadata/labels", "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}"),
                Arguments.of("json: passing test then replace", PatchType.JSON, CM,
                        "[{\"op\":\"test\",\"path\":\"/data/k1\",\"value\":\"v1\"},{\"op\":\"replace\",\"path\":\"/data/k1\",\"value\":\"new\"}]", "/data/k1", "\"new\""),
                Arguments.of("json: remove a list item", PatchType.JSON, CM, "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/1\"}]", "/metadata/finalizers", "[\"x\",\"z\"]"),
                Arguments.of("merge: set, delete with null, nested", PatchType.MERGE, CM,
                        "{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"}},\"data\":{\"k2\":null}}", "", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\",\"namespace\":\"ns\",\"labels\":{\"b\":\"2\",\"c\":\"3\"},\"finalizers\":[\"x\",\"y\",\"z\"],\"ownerReferences\":[{\"uid\":\"u1\",\"name\":\"o1\",\"kind\":\"K\",\"apiVersion\":\"v1\"},{\"uid\":\"u2\",\"name\":\"o2\",\"kind\":\"K\",\"apiVersion\":\"v1\"}]},\"data\":{\"k1\":\"v1\"}}"),
                Arguments.of("merge: lists are replaced", PatchType.MERGE, CM, "{\"metadata\":{\"finalizers\":[\"q\"]}}", "/metadata/finalizers", "[\"q\"]"),
                Arguments.of("smp: kubectl client-side apply of a configmap", PatchType.STRATEGIC, CM,
                        "{\"data\":{\"k1\":\"new\",\"k2\":null,\"k3\":\"v3\"},\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\\n\"}}}",
                        "", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\",\"namespace\":\"ns\",\"labels\":{\"a\":\"1\",\"b\":\"2\"},\"finalizers\":[\"x\",\"y\",\"z\"],\"ownerReferences\":[{\"uid\":\"u1\",\"name\":\"o1\",\"kind\":\"K\",\"apiVersion\":\"v1\"},{\"uid\":\"u2\",\"name\":\"o2\",\"kind\":\"K\",\"apiVersion\":\"v1\"}],\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\\n\"}},\"data\":{\"k1\":\"new\",\"k3\":\"v3\"}}"),
                Arguments.of("smp: finalizers are a merged set with order and deletions", PatchType.STRATEGIC, CM,
                        "{\"metadata\":{\"$setElementOrder/finalizers\":[\"x\",\"new\",\"z\"],\"$deleteFromPrimitiveList/finalizers\":[\"y\"],\"finalizers\":[\"new\"]}}",
                        "/metadata/finalizers", "[\"x\",\"new\",\"z\"]"),
                Arguments.of("smp: finalizers merge keeps server-only items", PatchType.STRATEGIC, CM,
                        "{\"metadata\":{\"finalizers\":[\"w\"]}}", "/metadata/finalizers", "[\"x\",\"y\",\"z\",\"w\"]"),
                Arguments.of("smp: $setElementOrder alone reorders", PatchType.STRATEGIC, CM,
                        "{\"metadata\":{\"$setElementOrder/finalizers\":[\"z\",\"y\",\"x\"]}}", "/metadata/finalizers", "[\"z\",\"y\",\"x\"]"),
                Arguments.of("smp: list $patch replace", PatchType.STRATEGIC, CM,
                        "{\"metadata\":{\"finalizers\":[{\"$patch\":\"replace\"},\"only\"]}}", "/metadata/finalizers", "[\"only\"]"),
                Arguments.of("smp: ownerReferences merge by uid and delete", PatchType.STRATEGIC, CM,
                        "{\"metadata\":{\"ownerReferences\":[{\"uid\":\"u1\",\"name\":\"renamed\"},{\"uid\":\"u2\",\"$patch\":\"delete\"},{\"uid\":\"u3\",\"name\":\"o3\",\"kind\":\"K\",\"apiVersion\":\"v1\"}]}}",
                        "/metadata/ownerReferences", "[{\"uid\":\"u1\",\"name\":\"renamed\",\"kind\":\"K\",\"apiVersion\":\"v1\"},{\"uid\":\"u3\",\"name\":\"o3\",\"kind\":\"K\",\"apiVersion\":\"v1\"}]"),
                Arguments.of("smp: map $patch replace", PatchType.STRATEGIC, CM, "{\"data\":{\"$patch\":\"replace\",\"only\":\"1\"}}", "/data", "{\"only\":\"1\"}"),
                Arguments.of("smp: map $patch delete", PatchType.STRATEGIC, CM, "{\"data\":{\"$patch\":\"delete\"}}", "/data", "{}"),
                Arguments.of("smp: $retainKeys drops other keys", PatchType.STRATEGIC, CM,
                        "{\"data\":{\"$retainKeys\":[\"k2\",\"k9\"],\"k9\":\"9\"}}", "/data", "{\"k2\":\"v2\",\"k9\":\"9\"}"),
                Arguments.of("smp: containers merge by name, env by name, ports by containerPort", PatchType.STRATEGIC, POD,
                        "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"containers\":[{\"name\":\"a\",\"image\":\"img:9\",\"env\":[{\"name\":\"E2\",\"value\":\"2\"}],\"ports\":[{\"containerPort\":80,\"name\":\"http\"}]}]}}",
                        "/spec/containers", "[{\"name\":\"a\",\"image\":\"img:9\",\"env\":[{\"name\":\"E1\",\"value\":\"1\"},{\"name\":\"E2\",\"value\":\"2\"}],\"ports\":[{\"containerPort\":80,\"name\":\"http\"}]},{\"name\":\"b\",\"image\":\"img:2\"}]"),
                Arguments.of("smp: container deleted with $patch delete", PatchType.STRATEGIC, POD,
                        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"$patch\":\"delete\"}]}}", "/spec/containers", "[{\"name\":\"b\",\"image\":\"img:2\"}]"),
                Arguments.of("smp: namespace spec.finalizers has no strategy: replaced", PatchType.STRATEGIC, NS,
                        "{\"spec\":{\"finalizers\":[\"kubernetes\"]}}", "/spec/finalizers", "[\"kubernetes\"]"),
                Arguments.of("smp: rbac subjects are replaced", PatchType.STRATEGIC, RB,
                        "{\"subjects\":[{\"kind\":\"User\",\"name\":\"c\"}]}", "/subjects", "[{\"kind\":\"User\",\"name\":\"c\"}]"),
                Arguments.of("smp: new field with nested directives", PatchType.STRATEGIC, NS,
                        "{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"a\":\"1\"}}}", "/metadata/labels", "{\"a\":\"1\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesPatches(String name, PatchType type, String current, String body, String pointer, String expected) throws Exception {
        ObjectNode before = obj(current);
        ObjectNode out = patch(type, current, body);
        assertThat(out.at(pointer)).isEqualTo(Json.MAPPER.readTree(expected));
        assertThat(obj(current)).as("input untouched").isEqualTo(before);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("json: failed test", PatchType.JSON, "[{\"op\":\"test\",\"path\":\"/data/k1\",\"value\":\"other\"}]", 422, "could not be applied"),
                Arguments.of("json: missing path", PatchType.JSON, "[{\"op\":\"remove\",\"path\":\"/data/nope\"}]", 422, "could not be applied"),
                Arguments.of("json: not an array", PatchType.JSON, "{\"op\":\"add\"}", 400, "JSON array"),
                Arguments.of("json: unknown op", PatchType.JSON, "[{\"op\":\"frobnicate\",\"path\":\"/a\"}]", 400, "unsupported op \"frobnicate\""),
                Arguments.of("json: add without value", PatchType.JSON, "[{\"op\":\"add\",\"path\":\"/a\"}]", 400, "\"value\" is required"),
                Arguments.of("json: malformed", PatchType.JSON, "[{", 400, "malformed JSON patch"),
                Arguments.of("merge: not an object", PatchType.MERGE, "[1]", 400, "merge patch"),
                Arguments.of("merge: malformed", PatchType.MERGE, "{\"a\":", 400, "malformed JSON"),
                Arguments.of("smp: unknown $patch", PatchType.STRATEGIC, "{\"data\":{\"$patch\":\"explode\"}}", 400, "unknown patch type: \"explode\""),
                Arguments.of("smp: item without merge key", PatchType.STRATEGIC, "{\"metadata\":{\"ownerReferences\":[{\"name\":\"x\"}]}}", 400, "does not contain declared merge key: uid"),
                Arguments.of("smp: $retainKeys violated", PatchType.STRATEGIC, "{\"data\":{\"$retainKeys\":[\"k1\"],\"k2\":\"x\"}}", 400, "not present in the $retainKeys list"),
                Arguments.of("apply: no field manager", PatchType.APPLY, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n", 400, "fieldManager"),
                Arguments.of("apply: not yaml", PatchType.APPLY, "a: [", 400, "malformed YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejectsBadPatches(String name, PatchType type, String body, int code, String message) {
        PatchContext ctx = new PatchContext(null, false, Instant.EPOCH);
        assertThatThrownBy(() -> Patches.apply(type, obj(CM), body.getBytes(StandardCharsets.UTF_8), ctx))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void applyPatchBodyIsYaml() {
        ObjectNode out = Patches.apply(PatchType.APPLY, null, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: cm
                data:
                  k: v
                """.getBytes(StandardCharsets.UTF_8), new PatchContext("kubectl", false, Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(out.at("/data/k").asText()).isEqualTo("v");
        assertThat(out.at("/metadata/managedFields/0/manager").asText()).isEqualTo("kubectl");
    }

    @Test
    void contentTypes() {
        assertThat(PatchType.fromContentType("application/strategic-merge-patch+json; charset=utf-8")).contains(PatchType.STRATEGIC);
        assertThat(PatchType.fromContentType("application/apply-patch+yaml")).contains(PatchType.APPLY);
        assertThat(PatchType.fromContentType("application/json")).isEmpty();
    }
}
