package dev.canopy.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.server.http.proto.Field;
import dev.canopy.server.http.proto.MessageType;
import dev.canopy.server.http.proto.WireDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtobufTest {
    private static final long T1 = Instant.parse("2026-11-23T10:00:00Z").getEpochSecond();

    // ---- hand-built bodies, field numbers as in Kubernetes' generated.proto ----

    @Test
    void configMapWithFullMetadata() {
        Msg meta = new Msg().str(1, "cm").str(2, "cm-").str(3, "default").str(5, "uid-1").str(6, "42").int64(7, 3)
                .msg(8, new Msg().int64(1, T1).int32(2, 500))
                .entry(11, "app", "web").entry(11, "tier", "front")
                .entry(12, "note", "hello")
                .msg(13, new Msg().str(1, "Deployment").str(3, "web").str(4, "uid-0").str(5, "apps/v1").bool(6, true).bool(7, false))
                .str(14, "example.com/cleanup")
                .msg(17, new Msg().str(1, "kubectl").str(2, "Update").str(3, "v1").msg(4, new Msg().int64(1, T1))
                        .str(6, "FieldsV1").msg(7, new Msg().bytes(1, "{\"f:data\":{\"f:a\":{}}}".getBytes(StandardCharsets.UTF_8))));
        Msg cm = new Msg().msg(1, meta).entry(2, "a", "b").entry(2, "empty", "")
                .msg(3, new Msg().str(1, "bin").bytes(2, new byte[] {0, (byte) 0xff, (byte) 0xfe}))
                .bool(4, false);
        assertThat(Protobuf.decode(envelope("v1", "ConfigMap", cm))).isEqualTo(json("""
                {"kind":"ConfigMap","apiVersion":"v1",
                 "metadata":{"name":"cm","generateName":"cm-","namespace":"default","uid":"uid-1","resourceVersion":"42",
                   "generation":3,"creationTimestamp":"2026-11-23T10:00:00Z",
                   "labels":{"app":"web","tier":"front"},"annotations":{"note":"hello"},
                   "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"uid-0",
                     "controller":true,"blockOwnerDeletion":false}],
                   "finalizers":["example.com/cleanup"],
                   "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2026-11-23T10:00:00Z",
                     "fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]},
                 "immutable":false,
                 "data":{"a":"b","empty":""},
                 "binaryData":{"bin":"AP/+"}}
                """));
    }

    @Test
    void outputFollowsJsonFieldOrder() {
        Msg cm = new Msg().msg(3, new Msg().str(1, "k").bytes(2, new byte[] {1})).entry(2, "a", "b").msg(1, new Msg().str(1, "x"));
        ObjectNode out = Protobuf.decode(envelope("v1", "ConfigMap", cm));
        assertThat(names(out)).containsExactly("kind", "apiVersion", "metadata", "data", "binaryData");
    }

    @Test
    void roleBinding() {
        Msg rb = new Msg().msg(1, new Msg().str(1, "rb").str(3, "team"))
                .msg(2, new Msg().str(1, "User").str(2, "rbac.authorization.k8s.io").str(3, "alice"))
                .msg(2, new Msg().str(1, "ServiceAccount").str(2, "").str(3, "builder").str(4, "ci"))
                .msg(3, new Msg().str(1, "rbac.authorization.k8s.io").str(2, "Role").str(3, "editor"));
        assertThat(Protobuf.decode(envelope("rbac.authorization.k8s.io/v1", "RoleBinding", rb))).isEqualTo(json("""
                {"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"rb","namespace":"team"},
                 "subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},
                             {"kind":"ServiceAccount","name":"builder","namespace":"ci"}],
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"editor"}}
                """));
    }

    @Test
    void namespaceWithFinalizersAndDeletion() {
        Msg ns = new Msg().msg(1, new Msg().str(1, "prod").msg(8, new Msg()).msg(9, new Msg().int64(1, T1 + 30)).int64(10, 0))
                .msg(2, new Msg().str(1, "kubernetes"))
                .msg(3, new Msg().str(1, "Terminating"));
        assertThat(Protobuf.decode(envelope("v1", "Namespace", ns))).isEqualTo(json("""
                {"kind":"Namespace","apiVersion":"v1",
                 "metadata":{"name":"prod","deletionTimestamp":"2026-11-23T10:00:30Z","deletionGracePeriodSeconds":0},
                 "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Terminating"}}
                """));
    }

    @Test
    void selfSubjectAccessReviewWithSelectors() {
        Msg attrs = new Msg().str(1, "default").str(2, "list").str(3, "apps").str(4, "v1").str(5, "deployments")
                .str(6, "scale").str(7, "web")
                .msg(8, new Msg().str(1, "metadata.name=web").msg(2, new Msg().str(1, "metadata.name").str(2, "In").str(3, "web")))
                .msg(9, new Msg().msg(2, new Msg().str(1, "app").str(2, "Exists")));
        Msg ssar = new Msg().msg(1, new Msg()).msg(2, new Msg().msg(1, attrs)).msg(3, new Msg().bool(1, false).str(2, ""));
        assertThat(Protobuf.decode(envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", ssar))).isEqualTo(json("""
                {"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},
                 "spec":{"resourceAttributes":{"namespace":"default","verb":"list","group":"apps","version":"v1",
                   "resource":"deployments","subresource":"scale","name":"web",
                   "fieldSelector":{"rawSelector":"metadata.name=web",
                     "requirements":[{"key":"metadata.name","operator":"In","values":["web"]}]},
                   "labelSelector":{"requirements":[{"key":"app","operator":"Exists"}]}}},
                 "status":{}}
                """));
    }

    @Test
    void subjectAccessReviewWithExtra() {
        Msg spec = new Msg().msg(2, new Msg().str(1, "/healthz").str(2, "get")).str(3, "bob").str(4, "devs").str(4, "ops")
                .msg(5, new Msg().str(1, "scopes").msg(2, new Msg().str(1, "a").str(1, "b"))).str(6, "uid-9");
        assertThat(Protobuf.decode(envelope("authorization.k8s.io/v1", "SubjectAccessReview", new Msg().msg(2, spec)))).isEqualTo(json("""
                {"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1",
                 "spec":{"nonResourceAttributes":{"path":"/healthz","verb":"get"},"user":"bob","groups":["devs","ops"],
                   "extra":{"scopes":["a","b"]},"uid":"uid-9"}}
                """));
    }

    @Test
    void secretAndServiceAccount() {
        Msg secret = new Msg().msg(1, new Msg().str(1, "s")).bool(5, true).msg(2, new Msg().str(1, "k").bytes(2, "v".getBytes(StandardCharsets.UTF_8)))
                .entry(4, "plain", "text").str(3, "Opaque");
        assertThat(Protobuf.decode(envelope("v1", "Secret", secret))).isEqualTo(json("""
                {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},"immutable":true,"data":{"k":"dg=="},
                 "stringData":{"plain":"text"},"type":"Opaque"}
                """));
        Msg sa = new Msg().msg(1, new Msg().str(1, "sa")).msg(2, new Msg().str(1, "Secret").str(3, "tok")).msg(3, new Msg().str(1, "pull")).bool(4, false);
        assertThat(Protobuf.decode(envelope("v1", "ServiceAccount", sa))).isEqualTo(json("""
                {"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"sa"},"secrets":[{"kind":"Secret","name":"tok"}],
                 "imagePullSecrets":[{"name":"pull"}],"automountServiceAccountToken":false}
                """));
    }

    @Test
    void deleteOptionsUnderAnyGroupVersion() {
        Msg opts = new Msg().int64(1, 0).msg(2, new Msg().str(1, "u1").str(2, "7")).str(4, "Foreground").str(5, "All");
        assertThat(Protobuf.decode(envelope("v1", "DeleteOptions", opts))).isEqualTo(json("""
                {"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,
                 "preconditions":{"uid":"u1","resourceVersion":"7"},"propagationPolicy":"Foreground","dryRun":["All"]}
                """));
    }

    @Test
    void unknownFieldsAreSkipped() {
        Msg cm = new Msg().msg(1, new Msg().str(1, "x").int64(99, 5)).int64(50, 1).str(51, "future").entry(2, "a", "b");
        byte[] body = envelope("v1", "ConfigMap", cm, new Msg().int32(9, 1));
        assertThat(Protobuf.decode(body)).isEqualTo(json("""
                {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"},"data":{"a":"b"}}
                """));
    }

    @Test
    void leafKinds() {
        MessageType t = MessageType.of("T", Field.quantity(1, "q"), Field.intOrString(2, "port"), Field.intOrString(3, "name"),
                Field.time(4, "epoch"));
        byte[] b = new Msg().msg(1, new Msg().str(1, "500m")).msg(2, new Msg().int64(1, 0).int32(2, 8080))
                .msg(3, new Msg().int64(1, 1).str(3, "http")).msg(4, new Msg().int64(1, 0)).bytes();
        assertThat(WireDecoder.decode(b, t)).isEqualTo(json("""
                {"q":"500m","port":8080,"name":"http","epoch":"1970-01-01T00:00:00Z"}
                """));
    }

    // ---- bodies captured from a real kubectl v1.32 (see src/test/resources/protobuf/README.md) ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            configmap.bin               | {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","namespace":"default"},"data":{"a":"b","c":"d"}}
            configmap-binary.bin        | {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm2","namespace":"default"},"data":{"k":"v"},"binaryData":{"blob":"AP/+Ymlu"}}
            namespace.bin               | {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"ns1"},"spec":{},"status":{}}
            secret.bin                  | {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1","namespace":"default"},"data":{"user":"YWRtaW4="},"type":"Opaque"}
            serviceaccount.bin          | {"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"sa1","namespace":"default"}}
            rolebinding.bin             | {"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"rb1","namespace":"default"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"g1"},{"kind":"ServiceAccount","name":"sa1","namespace":"default"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}}
            role.bin                    | {"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r1","namespace":"default"},"rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["configmaps"],"resourceNames":["p1"]},{"verbs":["get","list"],"apiGroups":["rbac.authorization.k8s.io"],"resources":["rolebindings"],"resourceNames":["p1"]}]}
            clusterrole-nonresource.bin | {"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"cr1"},"rules":[{"verbs":["get"],"nonResourceURLs":["/logs"]}]}
            clusterrole-aggregation.bin | {"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"cr2"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.example.com/aggregate-to-monitoring":"true"}}]}}
            clusterrolebinding.bin      | {"kind":"ClusterRoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"crb1"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"bob"},{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"devs"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cr1"}}
            tokenrequest.bin            | {"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","metadata":{},"spec":{"audiences":["aud1","aud2"],"expirationSeconds":600,"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"s1","uid":"1234-uid"}},"status":{}}
            ssar-resource.bin           | {"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"resourceAttributes":{"namespace":"default","verb":"get","resource":"pods"}},"status":{}}
            ssar-subresource.bin        | {"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"resourceAttributes":{"namespace":"kube-system","verb":"list","resource":"pods","subresource":"log"}},"status":{}}
            ssar-nonresource.bin        | {"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"nonResourceAttributes":{"path":"/logs","verb":"get"}},"status":{}}
            ssrr.bin                    | {"kind":"SelfSubjectRulesReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"namespace":"default"},"status":{}}
            selfsubjectreview.bin       | {"kind":"SelfSubjectReview","apiVersion":"authentication.k8s.io/v1","metadata":{},"status":{"userInfo":{}}}
            """)
    void decodesRealKubectlBodies(String file, String expected) {
        byte[] body = resource("/protobuf/" + file);
        assertThat(Protobuf.decode(body)).isEqualTo(json(expected));
        assertThat(Bodies.decodeObject(body, "application/vnd.kubernetes.protobuf")).isEqualTo(json(expected));
    }

    // ---- errors ----

    @Test
    void unknownKindIs415() {
        assertThatThrownBy(() -> Protobuf.decode(envelope("apps/v1", "Deployment", new Msg().msg(1, new Msg().str(1, "d")))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(415);
                    assertThat(e.getMessage()).contains("protobuf is only accepted for built-in kinds").contains("apps/v1 Deployment")
                            .contains("send application/json");
                });
    }

    @Test
    void malformedBodiesAre400() {
        assertBadRequest("not protobuf".getBytes(StandardCharsets.UTF_8), "magic bytes");
        byte[] good = envelope("v1", "ConfigMap", new Msg().msg(1, new Msg().str(1, "x")));
        assertBadRequest(java.util.Arrays.copyOf(good, good.length - 3), "envelope");
        // name (field 1 of ObjectMeta) sent as a varint instead of a string
        assertBadRequest(envelope("v1", "ConfigMap", new Msg().msg(1, new Msg().int64(1, 7))), "ConfigMap.metadata.name");
        // a nested length that runs past the end of the object
        byte[] truncatedRaw = new Msg().msg(1, new Msg().str(1, "abcdef")).bytes();
        assertBadRequest(envelope("v1", "ConfigMap", java.util.Arrays.copyOf(truncatedRaw, truncatedRaw.length - 2)), "ConfigMap");
        assertBadRequest(envelope("v1", "ConfigMap", new Msg().msg(1, new Msg().msg(8, new Msg().int64(1, Long.MAX_VALUE)))), "out of range");
        assertBadRequest(envelope("v1", "ConfigMap", new Msg().msg(1, new Msg().msg(17, new Msg().msg(7, new Msg().bytes(1, new byte[] {'{'}))))),
                "FieldsV1");
        assertBadRequest(new Msg().msg(2, new Msg()).prefixed(), "no apiVersion/kind");
    }

    @Test
    void bodiesRoutesOnlyKubernetesProtobuf() {
        byte[] body = envelope("v1", "Namespace", new Msg().msg(1, new Msg().str(1, "n")));
        assertThat(Bodies.decodeObject(body, "application/vnd.kubernetes.protobuf; charset=binary").path("metadata").path("name").asText())
                .isEqualTo("n");
        assertThatThrownBy(() -> Bodies.decodeObject(body, "application/x-protobuf"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
    }

    // ---- helpers ----

    private static void assertBadRequest(byte[] body, String mentions) {
        assertThatThrownBy(() -> Protobuf.decode(body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.getMessage()).contains(mentions);
        });
    }

    private static byte[] envelope(String apiVersion, String kind, Msg object) {
        return envelope(apiVersion, kind, object.bytes());
    }

    private static byte[] envelope(String apiVersion, String kind, Msg object, Msg extra) {
        Msg unknown = new Msg().msg(1, new Msg().str(1, apiVersion).str(2, kind)).bytes(2, object.bytes()).str(3, "").str(4, "");
        return concat(unknown.prefixed(), extra.bytes());
    }

    private static byte[] envelope(String apiVersion, String kind, byte[] raw) {
        return new Msg().msg(1, new Msg().str(1, apiVersion).str(2, kind)).bytes(2, raw).str(3, "").str(4, "").prefixed();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(ObjectNode n) {
        List<String> out = new java.util.ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }

    private static byte[] resource(String path) {
        try (InputStream in = ProtobufTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds protobuf bytes with {@link CodedOutputStream}. */
    private static final class Msg {
        private interface Write { void run(CodedOutputStream out) throws IOException; }

        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buf);

        private Msg w(Write w) {
            try {
                w.run(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Msg str(int n, String s) { return w(o -> o.writeString(n, s)); }
        Msg int32(int n, int v) { return w(o -> o.writeInt32(n, v)); }
        Msg int64(int n, long v) { return w(o -> o.writeInt64(n, v)); }
        Msg bool(int n, boolean v) { return w(o -> o.writeBool(n, v)); }
        Msg bytes(int n, byte[] b) { return w(o -> o.writeByteArray(n, b)); }
        Msg msg(int n, Msg m) { return bytes(n, m.bytes()); }
        Msg entry(int n, String k, String v) { return msg(n, new Msg().str(1, k).str(2, v)); }

        byte[] bytes() {
            w(CodedOutputStream::flush);
            return buf.toByteArray();
        }

        /** The message with the "k8s\0" magic in front. */
        byte[] prefixed() { return concat(new byte[] {'k', '8', 's', 0}, bytes()); }
    }
}
