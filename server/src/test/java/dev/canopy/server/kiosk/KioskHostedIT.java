package dev.canopy.server.kiosk;

import dev.canopy.server.testing.Api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.server.Seed;
import dev.canopy.server.fleet.FleetOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Space on a Hosted cluster (fabric8's API test server in CRUD mode, reached by the seed's in-process agent
 * with the Kubernetes driver): the namespace, the owners RoleBinding, the ClusterRole it binds and the
 * account quota's ResourceQuota are created there; deleting the Space removes its namespace there.
 */
@EnableKubernetesMockClient(crud = true)
class KioskHostedIT {
    static KubernetesClient leaf;
    @TempDir
    static Path dir;
    static Seed seed;
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")), FleetOptions.defaults().withHeartbeat(Duration.ofSeconds(1)));
        admin = Api.admin(seed.adminKubeconfig());
    }

    @AfterAll
    static void stop() {
        if (seed != null) seed.close();
    }

    static void ok(Api.Response r) { assertThat(r.code()).as(r.body()).isBetween(200, 202); }

    @Test
    void aSpaceIsCreatedOnAHostedClusterAndRemovedWithIt() throws Exception {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters: [{name: leaf, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: leaf, user: u}}]
                current-context: c
                """.formatted(leaf.getConfiguration().getMasterUrl());
        ok(admin.post("/api/v1/namespaces/default/secrets", "metadata: {name: leaf-kubeconfig}\ndata: {kubeconfig: "
                + Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)) + "}\n"));
        ok(admin.post("/apis/fleet.canopy.dev/v1alpha1/clusters", "apiVersion: fleet.canopy.dev/v1alpha1\nkind: Cluster\nmetadata: {name: hosted-k}\n"
                + "spec: {connection: {mode: Hosted, kubeconfigSecretRef: {namespace: default, name: leaf-kubeconfig}}}\n"));
        ok(admin.post("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", KioskExamples.text("rbac-creator.yaml")));
        ok(admin.post("/apis/tenancy.kiosk.sh/v1alpha1/accounts", "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: leaf-account}\n"
                + "spec: {space: {clusterRole: kiosk-space-admin, cluster: hosted-k}, subjects: [{kind: User, name: john, apiGroup: rbac.authorization.k8s.io}]}\n"));
        ok(admin.post("/apis/config.kiosk.sh/v1alpha1/accountquotas", "apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: leaf-quota}\n"
                + "spec: {account: leaf-account, quota: {hard: {pods: '4'}}}\n"));
        ok(admin.as("john").post("/apis/tenancy.kiosk.sh/v1alpha1/spaces", "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: leaf-space}\n"
                + "spec: {account: leaf-account}\n"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String status = admin.get("/apis/fleet.canopy.dev/v1alpha1/clusters/hosted-k").json().path("status").toString();
            assertThat(leaf.namespaces().withName("leaf-space").get()).as("namespace; cluster " + status).isNotNull();
            assertThat(leaf.rbac().roleBindings().inNamespace("leaf-space").withName("space-owners").get()).as("binding; cluster " + status).isNotNull();
            assertThat(leaf.rbac().clusterRoles().withName("kiosk-space-admin").get()).as("role; cluster " + status).isNotNull();
            assertThat(leaf.resourceQuotas().inNamespace("leaf-space").withName("account-quota").get()).as("quota; cluster " + status).isNotNull();
        });
        assertThat(leaf.namespaces().withName("leaf-space").get().getMetadata().getLabels())
                .containsEntry("tenancy.canopy.dev/account", "leaf-account").containsEntry("tenancy.canopy.dev/cluster", "hosted-k");
        assertThat(leaf.rbac().roleBindings().inNamespace("leaf-space").withName("space-owners").get().getSubjects().get(0).getName()).isEqualTo("john");
        assertThat(leaf.resourceQuotas().inNamespace("leaf-space").withName("account-quota").get().getSpec().getHard().get("pods").toString()).isEqualTo("4");

        ok(admin.as("john").delete("/apis/tenancy.kiosk.sh/v1alpha1/spaces/leaf-space"));
        await().atMost(Duration.ofSeconds(30)).until(() -> leaf.namespaces().withName("leaf-space").get() == null);
    }
}
