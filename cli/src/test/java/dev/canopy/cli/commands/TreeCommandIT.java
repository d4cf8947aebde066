package dev.canopy.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.cli.CliRun;
import dev.canopy.server.Seed;
import dev.canopy.store.ResourceKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code canopy tree} against a real seed: seed 000's mixed inheritance, as the admin and as a tenant user. */
class TreeCommandIT {
    @TempDir
    static Path tmp;
    static Seed seed;

    @BeforeAll
    static void start() {
        seed = Seed.start(Seed.Config.forTest(tmp.resolve("data")));
        create("tenancy.canopy.dev/tenants", "tenant-root", tenant("foo", "monitoring"));
        create("tenancy.canopy.dev/tenants", "tenant-foo", tenant("bar", "etcd"));
        create("tenancy.canopy.dev/tenants", "tenant-root", tenant("other", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> seed.store().get(ResourceKey.cluster("core/namespaces", "tenant-foo-bar")).isPresent());
        ObjectNode app = Json.object().put("apiVersion", "apps.canopy.dev/v1alpha1").put("kind", "Postgres");
        app.putObject("metadata").put("name", "db1").put("namespace", "tenant-foo-bar");
        app.putObject("spec");
        seed.store().create(new ResourceKey("apps.canopy.dev/postgreses", "tenant-foo-bar", "db1"), app);
        ObjectNode rb = (ObjectNode) Json.parseYaml(("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ann, namespace: tenant-foo}\n"
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'canopy:tenant:view'}\n"
                + "subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: ann}]\n").getBytes());
        seed.store().create(new ResourceKey("rbac.authorization.k8s.io/rolebindings", "tenant-foo", "ann"), rb);
        await().atMost(Duration.ofSeconds(20)).until(() -> seed.store().get(new ResourceKey("apps.canopy.dev/postgreses", "tenant-foo-bar", "db1"))
                .map(o -> o.at("/status/host").asText()).orElse("").equals("db1.bar.foo.example.org"));
    }

    @AfterAll
    static void stop() {
        if (seed != null) seed.close();
    }

    static ObjectNode tenant(String name, String service) {
        ObjectNode t = Json.object().put("apiVersion", "tenancy.canopy.dev/v1alpha1").put("kind", "Tenant");
        t.putObject("metadata").put("name", name);
        ObjectNode spec = t.putObject("spec");
        if (service != null) spec.put(service, true);
        return t;
    }

    static void create(String resource, String ns, ObjectNode o) {
        ((ObjectNode) o.get("metadata")).put("namespace", ns);
        seed.store().create(new ResourceKey(resource, ns, o.at("/metadata/name").asText()), o);
    }

    static CliRun canopy(String... args) {
        return CliRun.run(Map.of("KUBECONFIG", seed.adminKubeconfig().toString()), tmp, args);
    }

    @Test
    void adminSeesTheWholeTree() {
        CliRun r = canopy("tree");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                tenant-root (example.org)
                ├── etcd
                ├── ingress
                ├── monitoring
                ├── tenant-foo (foo.example.org)
                │   ├── monitoring
                │   └── tenant-foo-bar (bar.foo.example.org)
                │       ├── etcd
                │       └── db1 (db1.bar.foo.example.org)
                └── tenant-other (other.example.org)
                """);
    }

    @Test
    void aTenantUserSeesOnlyTheirSubtreeAndJsonHasTheSameData() throws Exception {
        CliRun r = canopy("tree", "--as", "ann");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("tenant-foo (foo.example.org)").contains("db1 (db1.bar.foo.example.org)").doesNotContain("tenant-other", "tenant-root");
        CliRun json = canopy("tree", "tenant-foo-bar", "-o", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode forest = Json.MAPPER.readTree(json.out());
        assertThat(forest.at("/0/namespace").asText()).isEqualTo("tenant-foo-bar");
        assertThat(forest.at("/0/apps/0/host").asText()).isEqualTo("db1.bar.foo.example.org");
        assertThat(canopy("tree", "tenant-other", "--as", "ann").exitCode()).isEqualTo(1);
    }
}
