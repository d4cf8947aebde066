package dev.canopy.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.server.Seed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The foundation issue's walkthrough with the real kubectl against a real seed (embedded PostgreSQL,
 * HTTPS, tokens, RBAC): discovery, CRUD, apply both ways, watch, label, patch, conflicts, explain,
 * auth can-i, impersonation, bad input, and data surviving a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlE2E {
    @RegisterExtension
    static final KubectlSeed env = KubectlSeed.embedded();

    @Test
    @Order(1)
    void discoveryListsEveryServedKind() {
        var r = env.k().run("api-resources");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("configmaps", "namespaces", "clusterrolebindings", "tenants", "tenancy.canopy.dev/v1alpha1",
                "apps.cozystack.io/v1alpha1", "selfsubjectaccessreviews");
    }

    @Test
    @Order(2)
    void createGetLabelPatchDelete() {
        assertThat(env.k().run("create", "namespace", "demo").out()).contains("namespace/demo created");
        var cm = env.k().run("-n", "demo", "create", "configmap", "app", "--from-literal=color=blue");
        assertThat(cm.code()).as(cm.all()).isZero();
        var get = env.k().run("-n", "demo", "get", "configmap", "app", "-o", "yaml");
        assertThat(get.out()).contains("color: blue", "resourceVersion:", "uid:", "creationTimestamp:");
        var table = env.k().run("-n", "demo", "get", "configmaps");
        assertThat(table.out()).contains("NAME", "DATA", "AGE").containsPattern("app\\s+1\\s+");
        assertThat(env.k().run("-n", "demo", "label", "configmap", "app", "tier=web").code()).isZero();
        assertThat(env.k().run("-n", "demo", "get", "configmaps", "-l", "tier=web", "-o", "name").out()).contains("configmap/app");
        assertThat(env.k().run("-n", "demo", "get", "configmaps", "-l", "tier in (db)", "-o", "name").out()).doesNotContain("configmap/app");
        var patch = env.k().run("-n", "demo", "patch", "configmap", "app", "--type", "merge", "-p", "{\"data\":{\"color\":\"green\"}}");
        assertThat(patch.code()).as(patch.all()).isZero();
        assertThat(env.k().run("-n", "demo", "get", "configmap", "app", "-o", "jsonpath={.data.color}").out()).isEqualTo("green");
        var del = env.k().run("-n", "demo", "delete", "configmap", "app");
        assertThat(del.out()).contains("configmap \"app\" deleted");
        var gone = env.k().run("-n", "demo", "get", "configmap", "app");
        assertThat(gone.code()).isNotZero();
        assertThat(gone.err()).contains("NotFound").contains("configmaps \"app\" not found");
    }

    @Test
    @Order(3)
    void applyClientSideAndServerSide() throws Exception {
        Path f = env.dir().resolve("cm.yaml");
        Files.writeString(f, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: demo
                  labels: {a: "1", b: "2"}
                data:
                  mode: fast
                """);
        var a1 = env.k().run("apply", "-f", f.toString());
        assertThat(a1.code()).as(a1.all()).isZero();
        assertThat(a1.out()).contains("configmap/settings created");
        Files.writeString(f, Files.readString(f).replace("b: \"2\"", "c: \"3\"").replace("fast", "slow"));
        var a2 = env.k().run("apply", "-f", f.toString());
        assertThat(a2.out()).as(a2.all()).contains("configmap/settings configured");
        var labels = env.k().run("-n", "demo", "get", "configmap", "settings", "-o", "jsonpath={.metadata.labels}").out();
        assertThat(labels).contains("\"a\":\"1\"", "\"c\":\"3\"").doesNotContain("\"b\"");
        assertThat(env.k().run("-n", "demo", "get", "configmap", "settings", "-o", "jsonpath={.data.mode}").out()).isEqualTo("slow");

        Path s = env.dir().resolve("ssa.yaml");
        Files.writeString(s, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ssa
                  namespace: demo
                  labels: {x: "1", y: "2"}
                data: {k: v}
                """);
        var s1 = env.k().run("apply", "--server-side", "-f", s.toString());
        assertThat(s1.code()).as(s1.all()).isZero();
        assertThat(s1.out()).contains("configmap/ssa serverside-applied");
        Files.writeString(s, Files.readString(s).replace(", y: \"2\"", ""));
        var s2 = env.k().run("apply", "--server-side", "-f", s.toString());
        assertThat(s2.code()).as(s2.all()).isZero();
        assertThat(env.k().run("-n", "demo", "get", "configmap", "ssa", "-o", "jsonpath={.metadata.labels}").out())
                .contains("\"x\":\"1\"").doesNotContain("\"y\"");
    }

    @Test
    @Order(4)
    void watchSeesChanges() throws Exception {
        Path out = env.dir().resolve("watch.out");
        Process w = env.k().start(out, "-n", "demo", "get", "configmaps", "-w", "--output-watch-events");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("settings"));
            env.k().run("-n", "demo", "create", "configmap", "watched", "--from-literal=a=b");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("watched"));
            env.k().run("-n", "demo", "delete", "configmap", "watched");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).lines().anyMatch(l -> l.contains("DELETED") && l.contains("watched")));
        } finally {
            w.destroy();
        }
        assertThat(Files.readString(out)).contains("ADDED");
    }

    @Test
    @Order(5)
    void replaceWithStaleResourceVersionConflicts() throws Exception {
        var yaml = env.k().run("-n", "demo", "get", "configmap", "settings", "-o", "yaml").out();
        assertThat(env.k().run("-n", "demo", "label", "configmap", "settings", "bump=1").code()).isZero();
        Path f = env.dir().resolve("stale.yaml");
        Files.writeString(f, yaml.replace("mode: slow", "mode: stale"));
        var r = env.k().run("replace", "-f", f.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("Conflict").contains("the object has been modified");
        assertThat(env.k().run("-n", "demo", "get", "configmap", "settings", "-o", "jsonpath={.data.mode}").out()).isEqualTo("slow");
    }

    @Test
    @Order(6)
    void explainUsesOpenApi() {
        var r = env.k().run("explain", "configmaps.data");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("KIND:", "ConfigMap", "FIELD:", "data");
        var t = env.k().run("explain", "tenants.spec");
        assertThat(t.code()).as(t.all()).isZero();
        assertThat(t.out()).contains("Tenant", "host", "etcd");
    }

    @Test
    @Order(7)
    void impersonationAndRbac() {
        assertThat(env.k().run("auth", "can-i", "create", "configmaps", "-n", "demo").out().trim()).isEqualTo("yes");
        assertThat(env.k().run("auth", "can-i", "list", "configmaps", "-n", "demo", "--as=john").out().trim()).isEqualTo("no");
        var denied = env.k().run("-n", "demo", "get", "configmaps", "--as=john");
        assertThat(denied.code()).isNotZero();
        assertThat(denied.err()).contains("Forbidden").contains("User \"john\" cannot list resource \"configmaps\"");
        // naming an object john may not get answers NotFound, never revealing that it exists
        assertThat(env.k().run("-n", "demo", "get", "configmap", "settings", "--as=john").err()).contains("NotFound");
        assertThat(env.k().run("-n", "demo", "create", "rolebinding", "john-view", "--clusterrole=view", "--user=john").code()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> env.k().run("auth", "can-i", "list", "configmaps", "-n", "demo", "--as=john").out().trim().equals("yes"));
        assertThat(env.k().run("-n", "demo", "get", "configmaps", "--as=john").out()).contains("settings");
        assertThat(env.k().run("auth", "can-i", "delete", "configmaps", "-n", "demo", "--as=john").out().trim()).isEqualTo("no");
        var del = env.k().run("-n", "demo", "delete", "configmap", "settings", "--as=john");
        assertThat(del.err()).contains("Forbidden");
        assertThat(env.k().run("auth", "can-i", "list", "configmaps", "-n", "other", "--as=john").out().trim()).isEqualTo("no");
        assertThat(env.k().run("auth", "whoami", "--as=john").out()).contains("john");
    }

    @Test
    @Order(8)
    void badInputIsRefusedWithTheFieldPath() throws Exception {
        Path f = env.dir().resolve("bad.yaml");
        Files.writeString(f, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: bad
                  namespace: demo
                dataa:
                  x: y
                """);
        var r = env.k().run("create", "-f", f.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("dataa");
        assertThat(env.k().run("-n", "demo", "get", "configmap", "bad").code()).isNotZero();
        var badName = env.k().run("create", "namespace", "Bad_Name");
        assertThat(badName.code()).isNotZero();
        assertThat(badName.err()).contains("metadata.name").contains("RFC 1123");
        var badSel = env.k().run("-n", "demo", "get", "configmaps", "-l", "a in (");
        assertThat(badSel.code()).isNotZero();
        var missingNs = env.k().run("-n", "nowhere", "create", "configmap", "x", "--from-literal=a=b");
        assertThat(missingNs.err()).contains("namespaces \"nowhere\" not found");
    }

    @Test
    @Order(9)
    void dataSurvivesRestart() {
        env.restart(data -> Seed.start(new Seed.Config(data, 0, "example.org", null)));
        var r = env.k().run("-n", "demo", "get", "configmap", "settings", "-o", "jsonpath={.data.mode}");
        assertThat(r.out()).as(r.all()).isEqualTo("slow");
        assertThat(env.k().run("-n", "demo", "get", "rolebinding", "john-view").code()).isZero();
    }

    @Test
    @Order(10)
    void deletingANamespaceDeletesItsContent() {
        assertThat(env.k().run("delete", "namespace", "demo", "--wait=true", "--timeout=30s").code()).isZero();
        assertThat(env.k().run("get", "namespace", "demo").err()).contains("NotFound");
        assertThat(env.k().run("create", "namespace", "demo").code()).isZero();
        assertThat(env.k().run("-n", "demo", "get", "configmaps", "-o", "name").out()).doesNotContain("settings");
    }
}
