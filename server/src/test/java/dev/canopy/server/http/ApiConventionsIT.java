package dev.canopy.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.server.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubernetes API conventions and bad-input handling, checked at the HTTP level against a real seed. */
class ApiConventionsIT {
    @TempDir
    static Path dir;
    static Seed seed;
    static RawClient c;

    @BeforeAll
    static void start() throws Exception {
        seed = Seed.start(Seed.Config.forTest(dir));
        c = new RawClient(seed.adminKubeconfig());
        assertThat(c.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"conv\"}}").code()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (seed != null) seed.close();
    }

    private static String cm(String name, String labels) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "},\"data\":{\"a\":\"b\"}}";
    }

    @Test
    void noTokenOrBadTokenIs401() throws Exception {
        var none = c.send("GET", "/api/v1/namespaces", null, null, null);
        assertThat(none.code()).isEqualTo(401);
        assertThat(none.json().path("reason").asText()).isEqualTo("Unauthorized");
        assertThat(c.send("GET", "/api/v1/namespaces", "garbage", null, null).code()).isEqualTo(401);
        assertThat(c.send("GET", "/api/v1/namespaces", c.adminToken + "x", null, null).code()).isEqualTo(401);
        assertThat(c.send("GET", "/healthz", null, null, null).code()).isEqualTo(200);
    }

    @Test
    void badBodiesAreRefusedAndNothingIsWritten() throws Exception {
        String base = "/api/v1/namespaces/conv/configmaps";
        var malformed = c.post(base, "{\"metadata\": {\"name\": \"x\"");
        assertThat(malformed.code()).isEqualTo(400);
        assertThat(malformed.json().path("message").asText()).contains("malformed JSON");

        var unknown = c.post(base, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"u\"},\"dta\":{}}");
        assertThat(unknown.code()).isEqualTo(400);
        assertThat(unknown.json().at("/details/causes/0/field").asText()).isEqualTo("dta");

        var kind = c.post(base, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"k\"}}");
        assertThat(kind.code()).isEqualTo(400);
        assertThat(kind.json().path("message").asText()).contains("does not match the expected kind");

        var name = c.post(base, cm("Not_A_Name", "{}"));
        assertThat(name.code()).isEqualTo(422);
        assertThat(name.json().at("/details/causes/0/field").asText()).isEqualTo("metadata.name");

        var label = c.post(base, cm("lbl", "{\"bad key!\":\"v\"}"));
        assertThat(label.code()).isEqualTo(422);

        byte[] big = new byte[3 * 1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        var tooBig = c.send("POST", base, c.adminToken, "application/json", big);
        assertThat(tooBig.code()).isEqualTo(413);

        var noNs = c.post("/api/v1/namespaces/absent/configmaps", cm("x", "{}"));
        assertThat(noNs.code()).isEqualTo(404);
        assertThat(noNs.json().path("message").asText()).contains("namespaces \"absent\" not found");

        assertThat(c.get("/api/v1/namespaces/conv/configmaps?labelSelector=a%20in%20(").code()).isEqualTo(400);
        assertThat(c.get("/api/v1/namespaces/conv/configmaps?fieldSelector=spec.x%3Dy").code()).isEqualTo(400);
        assertThat(c.get("/api/v1/namespaces/conv/configmaps?continue=notatoken").code()).isEqualTo(400);
        assertThat(c.get("/api/v1/namespaces/conv/configmaps?resourceVersion=abc").code()).isEqualTo(400);

        JsonNode list = c.get(base).json();
        assertThat(list.path("items")).extracting(i -> i.at("/metadata/name").asText())
                .doesNotContain("x", "u", "k", "Not_A_Name", "lbl");
    }

    @Test
    void paginationAndSelectors() throws Exception {
        c.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"pages\"}}");
        for (int i = 0; i < 7; i++) {
            assertThat(c.post("/api/v1/namespaces/pages/configmaps", cm("p" + i, "{\"tier\":\"" + (i % 2 == 0 ? "even" : "odd") + "\"}")).code()).isEqualTo(201);
        }
        var first = c.get("/api/v1/namespaces/pages/configmaps?limit=3").json();
        assertThat(first.path("items")).hasSize(3);
        String cont = first.at("/metadata/continue").asText();
        assertThat(cont).isNotEmpty();
        var second = c.get("/api/v1/namespaces/pages/configmaps?limit=3&continue=" + java.net.URLEncoder.encode(cont, "UTF-8")).json();
        assertThat(second.path("items")).hasSize(3);
        assertThat(second.at("/items/0/metadata/name").asText()).isEqualTo("p3");
        var even = c.get("/api/v1/namespaces/pages/configmaps?labelSelector=tier%3Deven").json();
        assertThat(even.path("items")).hasSize(4);
        var notIn = c.get("/api/v1/namespaces/pages/configmaps?labelSelector=tier%20notin%20(even)").json();
        assertThat(notIn.path("items")).hasSize(3);
        var byName = c.get("/api/v1/namespaces/pages/configmaps?fieldSelector=metadata.name%3Dp5").json();
        assertThat(byName.path("items")).hasSize(1);
        var table = c.send("GET", "/api/v1/namespaces/pages/configmaps", c.adminToken, null, null);
        assertThat(table.code()).isEqualTo(200);
    }

    @Test
    void watchResumesFromAResourceVersionWithBookmarks() throws Exception {
        c.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"w\"}}");
        var created = c.post("/api/v1/namespaces/w/configmaps", cm("w1", "{}")).json();
        long rv = Long.parseLong(created.at("/metadata/resourceVersion").asText());
        c.post("/api/v1/namespaces/w/configmaps", cm("w2", "{}"));
        c.send("DELETE", "/api/v1/namespaces/w/configmaps/w1", c.adminToken, null, null);
        List<JsonNode> events = c.watch("/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=" + rv, 2, Duration.ofSeconds(10));
        assertThat(events).extracting(e -> e.path("type").asText() + " " + e.at("/object/metadata/name").asText())
                .containsExactly("ADDED w2", "DELETED w1");
        seed.store().compact(seed.store().revision());
        List<JsonNode> gone = c.watch("/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=" + rv, 1, Duration.ofSeconds(10));
        assertThat(gone).hasSize(1);
        assertThat(gone.get(0).path("type").asText()).isEqualTo("ERROR");
        assertThat(gone.get(0).at("/object/code").asInt()).isEqualTo(410);
    }

    @Test
    void optimisticConcurrencyAndStatusSubresource() throws Exception {
        var ns = c.get("/api/v1/namespaces/conv").json();
        assertThat(ns.at("/status/phase").asText()).isEqualTo("Active");
        var a = c.post("/api/v1/namespaces/conv/configmaps", cm("occ", "{}")).json();
        String stale = a.toString();
        String fresh = a.toString().replace("\"a\":\"b\"", "\"a\":\"c\"");
        assertThat(c.put("/api/v1/namespaces/conv/configmaps/occ", fresh).code()).isEqualTo(200);
        var conflict = c.put("/api/v1/namespaces/conv/configmaps/occ", stale.replace("\"a\":\"b\"", "\"a\":\"d\""));
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.json().path("reason").asText()).isEqualTo("Conflict");
        assertThat(c.get("/api/v1/namespaces/conv/configmaps/occ").json().at("/data/a").asText()).isEqualTo("c");
    }

    @Test
    void secretsAreDefaultedLikeKubernetes() throws Exception {
        var s = c.post("/api/v1/namespaces/conv/secrets", "{\"metadata\":{\"name\":\"s1\"},\"stringData\":{\"a\":\"b\"}}");
        assertThat(s.code()).isEqualTo(201);
        assertThat(s.json().path("type").asText()).isEqualTo("Opaque");
        assertThat(s.json().at("/data/a").asText()).isEqualTo("Yg==");
        assertThat(s.json().has("stringData")).isFalse();
    }

    @Test
    void discoveryAndOpenApi() throws Exception {
        assertThat(c.get("/apis").json().toString()).contains("tenancy.canopy.dev", "apps.cozystack.io", "rbac.authorization.k8s.io");
        var tenancy = c.get("/apis/tenancy.canopy.dev/v1alpha1").json();
        assertThat(tenancy.toString()).contains("\"name\":\"tenants\"", "\"name\":\"tenants/status\"");
        var v3 = c.get("/openapi/v3").json();
        assertThat(v3.path("paths").has("api/v1")).isTrue();
        assertThat(v3.path("paths").has("apis/tenancy.canopy.dev/v1alpha1")).isTrue();
        assertThat(c.get("/openapi/v3/apis/tenancy.canopy.dev/v1alpha1").code()).isEqualTo(200);
        assertThat(c.get("/metrics").body()).contains("apiserver_request_duration_seconds", "canopy_store_revision", "canopy_watches_open");
        assertThat(java.nio.file.Files.readString(dir.resolve("audit.log"))).contains("\"verb\":\"create\"", "\"username\":\"canopy-admin\"");
    }

    /**
     * NamespaceLifecycle: content can be created in a namespace created a moment ago (before any cache
     * knows it), not in a missing one, and not in one that is terminating.
     */
    @Test
    void contentGoesOnlyIntoExistingNamespacesThatAreNotTerminating() throws Exception {
        assertThat(c.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"life\"}}").code()).isEqualTo(201);
        assertThat(c.post("/api/v1/namespaces/life/configmaps", cm("held", "{}").replace("\"labels\":{}", "\"labels\":{},\"finalizers\":[\"example.com/hold\"]")).code())
                .as("created right after its namespace").isEqualTo(201);
        // 202: accepted, the namespace finalizes first
        assertThat(c.send("DELETE", "/api/v1/namespaces/life", c.adminToken, null, null).code()).isEqualTo(202);
        // the held ConfigMap keeps the namespace terminating; creates are refused once the deletion is seen
        int[] n = {0};
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.post("/api/v1/namespaces/life/configmaps", cm("late" + n[0]++, "{}")).code() == 403);
        var refused = c.post("/api/v1/namespaces/life/configmaps", cm("later", "{}"));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.json().path("message").asText()).contains("unable to create new content in namespace life because it is being terminated");
        assertThat(c.send("PATCH", "/api/v1/namespaces/life/configmaps/held", c.adminToken, "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":null}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).code()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.get("/api/v1/namespaces/life").code() == 404);
        assertThat(c.post("/api/v1/namespaces/life/configmaps", cm("gone", "{}")).code()).isEqualTo(404);
    }
}
