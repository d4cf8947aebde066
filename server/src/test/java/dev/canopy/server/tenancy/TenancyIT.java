package dev.canopy.server.tenancy;

import dev.canopy.server.testing.Api;
import static dev.canopy.server.tenancy.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.server.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenancy wiring against a real seed (embedded PostgreSQL, HTTPS): bootstrap, the tenant and app
 * controllers, admission, access flowing down, filtered lists and watches, atomic quotas, subtree deletion.
 * Each test uses its own tenants, so they do not depend on each other's order.
 */
class TenancyIT {
    @TempDir
    static Path dir;
    static Seed seed;
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")));
        admin = Api.admin(seed.adminKubeconfig());
    }

    @AfterAll
    static void stop() {
        if (seed != null) seed.close();
    }

    static JsonNode awaitReady(String path) {
        JsonNode[] out = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Response r = admin.get(path);
            assertThat(r.code()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/status/conditions/0/status").asText()).as(r.body()).isEqualTo("True");
            out[0] = r.json();
        });
        return out[0];
    }

    /** PUT of spec.resourceQuotas.cpu, read-modify-write again when the controller wrote status in between (409). */
    static Api.Response setCpu(String path, String cpu) throws Exception {
        for (int i = 0; ; i++) {
            ObjectNode t = (ObjectNode) admin.get(path).json();
            ((ObjectNode) t.at("/spec/resourceQuotas")).put("cpu", cpu);
            Api.Response r = admin.put(path, t);
            if (r.code() != 409 || i >= 10) return r;
        }
    }

    static void created(Api.Response r) { assertThat(r.code()).as(r.body()).isEqualTo(201); }

    @Test
    void bootstrapCreatesRootAndRoles() throws Exception {
        JsonNode root = awaitReady(tenants("tenant-root") + "/root");
        assertThat(root.at("/spec/host").asText()).isEqualTo("example.org");
        assertThat(root.at("/status/domain").asText()).isEqualTo("example.org");
        for (String level : List.of("view", "use", "admin", "super-admin")) {
            assertThat(admin.get("/apis/rbac.authorization.k8s.io/v1/clusterroles/canopy:tenant:" + level).code()).isEqualTo(200);
        }
        assertThat(admin.get("/api/v1/namespaces/tenant-root").code()).isEqualTo(200);
    }

    @Test
    void mixedInheritanceResolvesDomainsAndServices() throws Exception {
        created(admin.post(tenants("tenant-root"), tenant("mfoo", "monitoring: true")));
        awaitReady(tenants("tenant-root") + "/mfoo");
        created(admin.post(tenants("tenant-mfoo"), tenant("bar", "etcd: true")));
        JsonNode bar = awaitReady(tenants("tenant-mfoo") + "/bar");
        assertThat(bar.at("/status/domain").asText()).isEqualTo("bar.mfoo.example.org");
        assertThat(bar.at("/status/path").toString()).isEqualTo("[\"tenant-root\",\"tenant-mfoo\",\"tenant-mfoo-bar\"]");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Api.names(admin.get("/api/v1/namespaces?labelSelector=tenant-mfoo.tree.tenancy.canopy.dev/depth")))
                .containsExactlyInAnyOrder("tenant-mfoo", "tenant-mfoo-bar"));
        JsonNode ns = admin.get("/api/v1/namespaces/tenant-mfoo-bar").json();
        assertThat(ns.at("/metadata/labels").toString()).contains("\"tenancy.canopy.dev/tenant\":\"bar\"", "\"tenancy.canopy.dev/parent\":\"tenant-mfoo\"",
                "\"tenant-root.tree.tenancy.canopy.dev/depth\":\"2\"");
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get(APPS + "/namespaces/tenant-mfoo-bar/etcds/etcd").code() == 200);
        created(admin.post(apps("tenant-mfoo-bar", "kuberneteses"), kubernetes("cluster1")));
        JsonNode k = awaitReady(apps("tenant-mfoo-bar", "kuberneteses") + "/cluster1");
        assertThat(k.at("/status/host").asText()).isEqualTo("cluster1.bar.mfoo.example.org");
        assertThat(k.at("/status/services/etcd").asText()).isEqualTo("tenant-mfoo-bar");
        assertThat(k.at("/status/services/monitoring").asText()).isEqualTo("tenant-mfoo");
        assertThat(k.at("/status/services/ingress").asText()).isEqualTo("tenant-root");
        // turning the service off removes the tenant's own Etcd and apps fall back to the nearest ancestor's
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {   // the controller may write status in between: 409, retry
            ObjectNode t = (ObjectNode) admin.get(tenants("tenant-mfoo") + "/bar").json();
            ((ObjectNode) t.get("spec")).put("etcd", false);
            assertThat(admin.put(tenants("tenant-mfoo") + "/bar", t).code()).isEqualTo(200);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(admin.get(apps("tenant-mfoo-bar", "kuberneteses") + "/cluster1").json().at("/status/services/etcd").asText()).isEqualTo("tenant-root"));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get(APPS + "/namespaces/tenant-mfoo-bar/etcds/etcd").code() == 404);
    }

    @Test
    void twentyConcurrentCreatesAgainstAQuotaOfFiveGiveExactlyFive() throws Exception {
        created(admin.post(tenants("tenant-root"), tenant("race", "resourceQuotas:\n  apps: \"5\"")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-race").code() == 200);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "db" + i;
            calls.add(() -> admin.post(apps("tenant-race", "postgreses"), postgres(name, "")).code());
        }
        List<Integer> codes = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> f : pool.invokeAll(calls)) codes.add(f.get());
        }
        assertThat(codes.stream().filter(c -> c == 201).count()).as(codes.toString()).isEqualTo(5);
        assertThat(codes.stream().filter(c -> c == 403).count()).as(codes.toString()).isEqualTo(15);
        assertThat(Api.names(admin.get(apps("tenant-race", "postgreses")))).hasSize(5);
        Api.Response refused = admin.post(apps("tenant-race", "postgreses"), postgres("one-more", ""));
        assertThat(refused.body()).contains("exceeded quota of tenant \\\"race\\\"", "for apps", "limited 5");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(admin.get(tenants("tenant-root") + "/race").json().at("/status/quota/used/apps").asText()).isEqualTo("5"));
    }

    @Test
    void badInputIsRefusedAndNothingIsWritten() throws Exception {
        Api.Response dash = admin.post(tenants("tenant-root"), tenant("my-team", ""));
        assertThat(dash.code()).isEqualTo(422);
        assertThat(dash.body()).contains("metadata.name");
        assertThat(admin.get(tenants("tenant-root") + "/my-team").code()).isEqualTo(404);

        created(admin.post(tenants("tenant-root"), tenant("bad", "resourceQuotas:\n  cpu: \"10\"")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-bad").code() == 200);
        admin.post(bindings("tenant-root"), binding("bob-root-admin", "admin", "bob"));
        Api.Response host = admin.as("bob").post(tenants("tenant-bad"), tenant("sub", "host: evil.example.com"));
        assertThat(host.code()).as(host.body()).isIn(403, 422);
        created(admin.post(bindings("tenant-bad"), binding("carol-super", "super-admin", "carol")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response h = admin.as("carol").post(tenants("tenant-bad"), tenant("sub", "host: evil.example.com"));
            assertThat(h.code()).as(h.body()).isEqualTo(422);
            assertThat(h.body()).contains("spec.host", "only platform administrators");
        });
        assertThat(admin.get(tenants("tenant-bad") + "/sub").code()).isEqualTo(404);

        created(admin.post(tenants("tenant-bad"), tenant("first", "resourceQuotas:\n  cpu: \"4\"")));
        Api.Response over = admin.post(tenants("tenant-bad"), tenant("second", "resourceQuotas:\n  cpu: \"8\""));
        assertThat(over.code()).isEqualTo(422);
        assertThat(over.body()).contains("exceeds the headroom of tenant \\\"bad\\\"", "at most 6 is available");
        assertThat(admin.get(tenants("tenant-bad") + "/second").code()).isEqualTo(404);
        Api.Response raise = setCpu(tenants("tenant-bad") + "/first", "11");
        assertThat(raise.code()).isEqualTo(422);
        assertThat(raise.body()).contains("at most 10 is available");
        Api.Response shrink = setCpu(tenants("tenant-root") + "/bad", "3");
        assertThat(shrink.code()).isEqualTo(422);
        assertThat(shrink.body()).contains("less than what child tenants already reserve");

        Api.Response outside = admin.post(apps("default", "postgreses"), postgres("db", ""));
        assertThat(outside.code()).isEqualTo(422);
        assertThat(outside.body()).contains("is not a tenant's namespace");

        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-bad").code() == 200);
        Api.Response preset = admin.post(apps("tenant-bad", "postgreses"), postgres("db", "resourcesPreset: huge"));
        assertThat(preset.code()).isEqualTo(422);
        assertThat(preset.body()).contains("resourcesPreset", "nano");
        assertThat(admin.get(apps("tenant-bad", "postgreses") + "/db").code()).isEqualTo(404);
    }

    @Test
    void accessFlowsDownAndListsAreFiltered() throws Exception {
        created(admin.post(tenants("tenant-root"), tenant("acme", "")));
        created(admin.post(tenants("tenant-root"), tenant("rival", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-acme").code() == 200
                && admin.get("/api/v1/namespaces/tenant-rival").code() == 200);
        created(admin.post(tenants("tenant-acme"), tenant("dev", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-acme-dev").code() == 200);
        created(admin.post(bindings("tenant-acme"), binding("alice-admin", "admin", "alice")));
        Api alice = admin.as("alice");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                created(alice.post(apps("tenant-acme-dev", "postgreses"), postgres("db", ""))));
        assertThat(alice.get(apps("tenant-rival", "postgreses")).code()).isEqualTo(403);
        assertThat(alice.post(apps("tenant-rival", "postgreses"), postgres("db", "")).code()).isEqualTo(403);
        // admin may not create child tenants: that is super-admin's
        assertThat(alice.post(tenants("tenant-acme"), tenant("qa", "")).code()).isEqualTo(403);

        List<String> namespaces = Api.names(alice.get("/api/v1/namespaces"));
        assertThat(namespaces).containsExactlyInAnyOrder("tenant-acme", "tenant-acme-dev");
        List<String> tenants = Api.names(alice.get(TENANTS + "/tenants"));
        assertThat(tenants).containsExactlyInAnyOrder("acme", "dev");
        assertThat(Api.names(alice.get(APPS + "/postgreses"))).containsExactly("db");
        // a grant deeper down: the list reads only the parent's namespace subtree, and still filters
        created(admin.post(bindings("tenant-acme-dev"), binding("dora-view", "view", "dora")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Api.names(admin.as("dora").get(TENANTS + "/tenants"))).containsExactly("dev"));
        assertThat(Api.names(admin.as("dora").get(APPS + "/postgreses"))).containsExactly("db");
        assertThat(alice.get(tenants("tenant-root") + "/acme").code()).isEqualTo(200);
        assertThat(alice.get(tenants("tenant-root") + "/rival").code()).isEqualTo(404);
        // someone with no tenant role still gets RBAC's answer
        assertThat(admin.as("nobody").get("/api/v1/namespaces").code()).isEqualTo(403);

        // kubectl auth can-i (a SelfSubjectAccessReview) answers with the same chained authorizer
        String review = "apiVersion: authorization.k8s.io/v1\nkind: SelfSubjectAccessReview\nspec:\n  resourceAttributes:\n"
                + "    group: apps.canopy.dev\n    resource: postgreses\n    verb: create\n    namespace: ";
        assertThat(alice.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review + "tenant-acme-dev\n").json().at("/status/allowed").asBoolean()).isTrue();
        assertThat(alice.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review + "tenant-rival\n").json().at("/status/allowed").asBoolean()).isFalse();

        // a filtered watch sends DELETED when access is revoked
        List<JsonNode> events = alice.watch("/api/v1/namespaces?watch=true");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
        assertThat(admin.delete(bindings("tenant-acme") + "/alice-admin").code()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events.stream().filter(e -> e.path("type").asText().equals("DELETED")).map(e -> e.at("/object/metadata/name").asText()))
                        .contains("tenant-acme", "tenant-acme-dev"));
    }

    @Test
    void deletingATenantRemovesItsSubtree() throws Exception {
        created(admin.post(tenants("tenant-root"), tenant("gone", "ingress: true")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-gone").code() == 200);
        created(admin.post(tenants("tenant-gone"), tenant("child", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-gone-child").code() == 200);
        created(admin.post(apps("tenant-gone-child", "postgreses"), postgres("db", "")));
        assertThat(admin.delete(tenants("tenant-root") + "/gone").code()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(admin.get(tenants("tenant-root") + "/gone").code()).isEqualTo(404);
            assertThat(admin.get("/api/v1/namespaces/tenant-gone-child").code()).isEqualTo(404);
            assertThat(admin.get("/api/v1/namespaces/tenant-gone").code()).isEqualTo(404);
        });
        assertThat(admin.delete(tenants("tenant-root") + "/root").code()).isEqualTo(403);
    }

    @Test
    void aForeignFinalizerBlockingDeletionIsNamed() throws Exception {
        created(admin.post(tenants("tenant-root"), tenant("stuck", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-stuck").code() == 200);
        created(admin.post(apps("tenant-stuck", "postgres".concat("es")),
                postgres("db", "").replace("metadata:\n  name: db", "metadata:\n  name: db\n  finalizers: [example.com/backup]")));
        admin.delete(tenants("tenant-root") + "/stuck");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode c = admin.get(tenants("tenant-root") + "/stuck").json().at("/status/conditions/0");
            assertThat(c.path("reason").asText()).isEqualTo("DeletionBlocked");
            assertThat(c.path("message").asText()).contains("postgreses.apps.canopy.dev/db", "example.com/backup");
        });
    }
}
