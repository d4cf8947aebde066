package dev.canopy.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3 with the real kubectl against a real seed: the trees of
 * {@code reference/seed-examples/cozystack-tenant-trees.txt} (domains, and whose etcd, ingress and
 * monitoring each app uses), a tenant admin managing a child's apps but not seeing a sibling's
 * ({@code --as}), a quota race, deleting a subtree, and bad input refused with nothing written.
 * Builtin kinds are sent with {@code kubectl apply -f} (YAML), Cozystack manifests through the
 * {@code apps.cozystack.io} alias unchanged. Each test uses its own tenants.
 */
class TenantsE2E {
    @RegisterExtension
    static final KubectlSeed env = KubectlSeed.embedded();

    static Kubectl.Result apply(String yaml, String... extra) {
        List<String> args = new ArrayList<>(List.of("apply", "-f", "-"));
        args.addAll(List.of(extra));
        return env.k().runWithInput(yaml, args.toArray(String[]::new));
    }

    static void ok(Kubectl.Result r) { assertThat(r.code()).as(r.all()).isZero(); }

    static String tenant(String ns, String name, String spec) {
        return "apiVersion: apps.cozystack.io/v1alpha1\nkind: Tenant\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\nspec: " + spec + "\n";
    }

    static String app(String kind, String ns, String name, String spec) {
        return "apiVersion: apps.cozystack.io/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\nspec: " + spec + "\n";
    }

    static String binding(String ns, String name, String role, String user) {
        return "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: canopy:tenant:" + role
                + "\nsubjects:\n- kind: User\n  apiGroup: rbac.authorization.k8s.io\n  name: " + user + "\n";
    }

    static void awaitNamespace(String ns) {
        await().atMost(Duration.ofSeconds(20)).until(() -> env.k().run("get", "namespace", ns).code() == 0);
    }

    /** {@code kubectl get ... -o jsonpath=...} once it is non-empty. */
    static String awaitJsonpath(String jsonpath, String... get) {
        List<String> args = new ArrayList<>(List.of("get"));
        args.addAll(List.of(get));
        args.add("-o");
        args.add("jsonpath=" + jsonpath);
        String[] out = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var r = env.k().run(args.toArray(String[]::new));
            out[0] = r.out();
            return r.code() == 0 && !r.out().isBlank();
        });
        return out[0];
    }

    @Test
    void domainInheritance() {
        ok(apply(tenant("tenant-root", "foo", "{}")));
        awaitNamespace("tenant-foo");
        ok(apply(app("Kubernetes", "tenant-foo", "kubernetes-cluster1", "{}")));
        assertThat(awaitJsonpath("{.status.host}", "kuberneteses.apps.cozystack.io", "-n", "tenant-foo", "kubernetes-cluster1"))
                .isEqualTo("kubernetes-cluster1.foo.example.org");
        assertThat(awaitJsonpath("{.status.domain}", "tenants", "-n", "tenant-root", "foo")).isEqualTo("foo.example.org");
    }

    @Test
    void serviceInheritanceAndMonitoringOnlyTheOwnerReads() {
        ok(apply(tenant("tenant-root", "u1", "{etcd: true, ingress: true, monitoring: true}")));
        awaitNamespace("tenant-u1");
        ok(apply(tenant("tenant-u1", "u2", "{}")));
        awaitNamespace("tenant-u1-u2");
        ok(apply(app("Kubernetes", "tenant-u1-u2", "kubernetes-cluster1", "{}")));
        ok(apply(app("Postgres", "tenant-u1-u2", "postgres-db1", "{}")));
        for (String kind : List.of("kuberneteses", "postgreses")) {
            String name = kind.equals("kuberneteses") ? "kubernetes-cluster1" : "postgres-db1";
            assertThat(awaitJsonpath("{.status.services.etcd} {.status.services.ingress} {.status.services.monitoring}", kind, "-n", "tenant-u1-u2", name))
                    .isEqualTo("tenant-u1 tenant-u1 tenant-u1");
        }
        ok(apply(binding("tenant-u1-u2", "u2-admin", "admin", "ursula")));
        await().atMost(Duration.ofSeconds(10)).until(() -> env.k().run("--as", "ursula", "-n", "tenant-u1-u2", "get", "postgreses").code() == 0);
        var monitoring = env.k().run("--as", "ursula", "-n", "tenant-u1", "get", "monitorings.apps.cozystack.io", "monitoring");
        assertThat(monitoring.code()).isNotZero();
        assertThat(monitoring.err()).containsAnyOf("NotFound", "Forbidden");
    }

    @Test
    void mixedInheritance() {
        ok(apply(tenant("tenant-root", "mix", "{monitoring: true}")));
        awaitNamespace("tenant-mix");
        ok(apply(tenant("tenant-mix", "bar", "{etcd: true}")));
        awaitNamespace("tenant-mix-bar");
        ok(apply(app("Kubernetes", "tenant-mix-bar", "cluster1", "{}")));
        assertThat(awaitJsonpath("{.status.host} {.status.services.etcd} {.status.services.monitoring} {.status.services.ingress}",
                "kuberneteses", "-n", "tenant-mix-bar", "cluster1"))
                .isEqualTo("cluster1.bar.mix.example.org tenant-mix-bar tenant-mix tenant-root");
        var wide = env.k().run("get", "kuberneteses", "-n", "tenant-mix-bar", "-o", "wide");
        assertThat(wide.out()).contains("HOST", "ETCD", "cluster1.bar.mix.example.org");
    }

    @Test
    void aTenantAdminManagesChildAppsButDoesNotSeeASibling() throws Exception {
        ok(apply(tenant("tenant-root", "team", "{}")));
        ok(apply(tenant("tenant-root", "sib", "{}")));
        awaitNamespace("tenant-team");
        awaitNamespace("tenant-sib");
        ok(apply(tenant("tenant-team", "child", "{}")));
        awaitNamespace("tenant-team-child");
        ok(apply(app("Postgres", "tenant-sib", "secret-db", "{}")));
        ok(apply(binding("tenant-team", "dana-admin", "admin", "dana")));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                env.k().runWithInput(app("Postgres", "tenant-team-child", "db", "{replicas: 1}"), "--as", "dana", "apply", "-f", "-").code() == 0);
        ok(env.k().run("--as", "dana", "-n", "tenant-team-child", "delete", "postgres", "db"));
        // a filtered watch: revoking dana's grant turns her namespaces into DELETED events
        Path watchOut = env.dir().resolve("dana-watch.txt");
        Process watch = env.k().start(watchOut, "--as", "dana", "get", "namespaces", "--watch", "--output-watch-events");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> java.nio.file.Files.readString(watchOut).contains("tenant-team-child"));
            ok(env.k().run("delete", "rolebinding", "dana-admin", "-n", "tenant-team"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(java.nio.file.Files.readString(watchOut)).contains("DELETED"));
        } finally {
            watch.destroy();
        }
        ok(apply(binding("tenant-team", "dana-admin", "admin", "dana")));
        await().atMost(Duration.ofSeconds(10)).until(() -> env.k().run("--as", "dana", "get", "namespaces", "-o", "name").code() == 0);
        var sibling = env.k().run("--as", "dana", "-n", "tenant-sib", "get", "postgreses");
        assertThat(sibling.code()).isNotZero();
        assertThat(sibling.err()).contains("Forbidden");
        assertThat(env.k().run("--as", "dana", "-n", "tenant-sib", "get", "postgres", "secret-db").err()).contains("NotFound");
        var namespaces = env.k().run("--as", "dana", "get", "namespaces", "-o", "name");
        ok(namespaces);
        assertThat(namespaces.out().lines().toList()).containsExactlyInAnyOrder("namespace/tenant-team", "namespace/tenant-team-child");
        var tenants = env.k().run("--as", "dana", "get", "tenants", "-A", "-o", "name");
        ok(tenants);
        assertThat(tenants.out().lines().toList()).containsExactlyInAnyOrder("tenant.tenancy.canopy.dev/team", "tenant.tenancy.canopy.dev/child");
        var childTenant = env.k().runWithInput(tenant("tenant-team", "qa", "{}"), "--as", "dana", "apply", "-f", "-");
        assertThat(childTenant.code()).isNotZero();
        assertThat(childTenant.err()).contains("Forbidden");
    }

    @Test
    void quotaRace() throws Exception {
        ok(apply(tenant("tenant-root", "race", "{resourceQuotas: {apps: \"3\"}}")));
        awaitNamespace("tenant-race");
        List<Future<Kubectl.Result>> runs = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                String yaml = app("Postgres", "tenant-race", "db" + i, "{}");
                runs.add(pool.submit(() -> env.k().runWithInput(yaml, "create", "-f", "-")));
            }
        }
        int created = 0;
        for (Future<Kubectl.Result> f : runs) {
            Kubectl.Result r = f.get();
            if (r.code() == 0) created++;
            else assertThat(r.err()).contains("exceeded quota of tenant \"race\"");
        }
        assertThat(created).isEqualTo(3);
        assertThat(env.k().run("get", "postgreses", "-n", "tenant-race", "-o", "name").out().lines().count()).isEqualTo(3);
    }

    @Test
    void deletingASubtree() {
        ok(apply(tenant("tenant-root", "old", "{ingress: true}")));
        awaitNamespace("tenant-old");
        ok(apply(tenant("tenant-old", "leaf", "{}")));
        awaitNamespace("tenant-old-leaf");
        ok(apply(app("Postgres", "tenant-old-leaf", "db", "{}")));
        ok(env.k().run("delete", "tenant", "old", "-n", "tenant-root", "--wait=false"));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(env.k().run("get", "namespace", "tenant-old-leaf").err()).contains("NotFound");
            assertThat(env.k().run("get", "namespace", "tenant-old").err()).contains("NotFound");
            assertThat(env.k().run("get", "tenant", "old", "-n", "tenant-root").err()).contains("NotFound");
        });
    }

    @Test
    void badInputIsRefusedWithNothingWritten() {
        var dash = apply(tenant("tenant-root", "my-team", "{}"));
        assertThat(dash.code()).isNotZero();
        assertThat(dash.err()).contains("metadata.name", "my-team");
        assertThat(env.k().run("get", "tenant", "my-team", "-n", "tenant-root").err()).contains("NotFound");

        ok(apply(tenant("tenant-root", "quota", "{resourceQuotas: {cpu: \"10\"}}")));
        awaitNamespace("tenant-quota");
        ok(apply(tenant("tenant-quota", "a", "{resourceQuotas: {cpu: \"4\"}}")));
        var over = apply(tenant("tenant-quota", "b", "{resourceQuotas: {cpu: \"8\"}}"));
        assertThat(over.code()).isNotZero();
        assertThat(over.err()).contains("exceeds the headroom of tenant \"quota\"", "at most 6 is available");
        assertThat(env.k().run("get", "tenant", "b", "-n", "tenant-quota").err()).contains("NotFound");

        ok(apply(binding("tenant-quota", "sam-super", "super-admin", "sam")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var host = env.k().runWithInput(tenant("tenant-quota", "c", "{host: evil.example.com}"), "--as", "sam", "apply", "-f", "-");
            assertThat(host.code()).isNotZero();
            assertThat(host.err()).contains("spec.host", "only platform administrators");
        });
        assertThat(env.k().run("get", "tenant", "c", "-n", "tenant-quota").err()).contains("NotFound");

        var outside = apply(app("Postgres", "default", "db", "{}"));
        assertThat(outside.code()).isNotZero();
        assertThat(outside.err()).contains("is not a tenant's namespace");
        assertThat(env.k().run("get", "postgres", "db", "-n", "default").err()).contains("NotFound");

        var preset = apply(app("Postgres", "tenant-quota", "db", "{resourcesPreset: huge}"));
        assertThat(preset.code()).isNotZero();
        assertThat(preset.err()).contains("resourcesPreset", "Unsupported value", "nano");
        assertThat(env.k().run("get", "postgres", "db", "-n", "tenant-quota").err()).contains("NotFound");
    }
}
