package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.server.Seed;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's cheaper passes change nothing a user sees: with a heartbeat of a minute (so no periodic full pass
 * helps during the test), relabelling one cluster (a pass over that cluster only) moves a placed namespace onto
 * it and off again, and the cluster's own status writes (apply results) do not undo it.
 */
class HubPassesIT {
    @Test
    void aRelabelledClusterIsRecomputedWithoutAFullPass(@TempDir Path dir) throws Exception {
        try (Seed seed = quietSeed(dir, 2);
             KubernetesClient client = SeedRestartNatsIT.client(seed)) {
            var sim = seed.fleet().simulated().orElseThrow();
            client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Tenant").inNamespace("tenant-root").resource(
                    FleetIT.tenant("acme", Map.of("matchLabels", Map.of("team", "a")))).create();
            var clusters = client.genericKubernetesResources("fleet.canopy.dev/v1alpha1", "Cluster");
            clusters.withName("sim-2").edit(c -> { c.getMetadata().getLabels().put("team", "a"); return c; });
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.driver("sim-2").orElseThrow().get("Namespace", null, "tenant-acme").isPresent());
            assertThat(sim.driver("sim-1").orElseThrow().get("Namespace", null, "tenant-acme")).isEmpty();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(new ClusterView(client).status("sim-2")).containsEntry("managedObjects", 1));

            clusters.withName("sim-2").edit(c -> { c.getMetadata().getLabels().remove("team"); return c; });
            clusters.withName("sim-1").edit(c -> { c.getMetadata().getLabels().put("team", "a"); return c; });
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.driver("sim-1").orElseThrow().get("Namespace", null, "tenant-acme").isPresent()
                    && sim.driver("sim-2").orElseThrow().get("Namespace", null, "tenant-acme").isEmpty());
        }
    }

    /**
     * Spaces are placed by partial passes (only the namespaces a change touched): a Space, a RoleBinding added in it,
     * the Space's template objects and its deletion all reach the cluster, and none of it needed a whole pass.
     */
    @Test
    void spacesAndTheirObjectsComeAndGoWithoutAWholePass(@TempDir Path dir) throws Exception {
        try (Seed seed = quietSeed(dir, 2);
             KubernetesClient client = SeedRestartNatsIT.client(seed)) {
            var sim2 = seed.fleet().simulated().orElseThrow().driver("sim-2").orElseThrow();
            var sim1 = seed.fleet().simulated().orElseThrow().driver("sim-1").orElseThrow();
            var accounts = client.genericKubernetesResources("tenancy.kiosk.sh/v1alpha1", "Account");
            var templates = client.genericKubernetesResources("config.kiosk.sh/v1alpha1", "Template");
            templates.resource(yaml(client, """
                    apiVersion: config.kiosk.sh/v1alpha1
                    kind: Template
                    metadata: {name: limits}
                    resources:
                      manifests:
                      - {apiVersion: v1, kind: LimitRange, metadata: {name: limits}, spec: {limits: [{type: Container, default: {cpu: 500m}}]}}
                    """)).create();
            accounts.resource(yaml(client, """
                    apiVersion: tenancy.kiosk.sh/v1alpha1
                    kind: Account
                    metadata: {name: acct}
                    spec:
                      space: {cluster: sim-2, templateInstances: [{spec: {template: limits}}]}
                      subjects: [{kind: User, name: ann, apiGroup: rbac.authorization.k8s.io}]
                    """)).create();
            // settled: no pass in the last half second (the clusters' first snapshots are whole passes)
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(500))
                    .until(() -> seed.fleet().hub().takePassStats().passes() == 0);

            var spaces = client.genericKubernetesResources("tenancy.kiosk.sh/v1alpha1", "Space");
            spaces.resource(yaml(client, "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: s1}\nspec: {account: acct}\n")).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim2.get("Namespace", null, "s1").isPresent()
                    && sim2.get("RoleBinding", "s1", "space-owners").isPresent() && sim2.get("LimitRange", "s1", "limits").isPresent());
            client.rbac().roleBindings().inNamespace("s1").resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                    .withNewMetadata().withName("viewers").endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("view").endRoleRef()
                    .addNewSubject().withKind("User").withName("bo").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim2.get("RoleBinding", "s1", "viewers").isPresent());
            assertThat(sim1.get("Namespace", null, "s1")).as("only on the Space's cluster").isEmpty();

            spaces.withName("s1").delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim2.get("Namespace", null, "s1").isEmpty()
                    && sim2.get("RoleBinding", "s1", "viewers").isEmpty() && sim2.get("LimitRange", "s1", "limits").isEmpty());
            var stats = seed.fleet().hub().takePassStats();
            assertThat(stats.passes()).isPositive();
            assertThat(stats.whole()).as("passes that recomputed everything").isZero();
        }
    }

    /**
     * An AccountQuota's shares reach the cluster's ResourceQuota through a partial pass: with no periodic pass to
     * help, the quota's own creation (a whole pass) sends a share of 0, and its controller's status write (shares
     * only) must bring the ResourceQuota to the whole limit for the account's only Space.
     */
    @Test
    void aQuotaShareReachesTheClusterWithoutAPeriodicPass(@TempDir Path dir) throws Exception {
        try (Seed seed = quietSeed(dir, 1);
             KubernetesClient client = SeedRestartNatsIT.client(seed)) {
            var sim = seed.fleet().simulated().orElseThrow().driver("sim-1").orElseThrow();
            client.genericKubernetesResources("tenancy.kiosk.sh/v1alpha1", "Account").resource(yaml(client, """
                    apiVersion: tenancy.kiosk.sh/v1alpha1
                    kind: Account
                    metadata: {name: qa}
                    spec:
                      space: {cluster: sim-1}
                      subjects: [{kind: User, name: ann, apiGroup: rbac.authorization.k8s.io}]
                    """)).create();
            client.genericKubernetesResources("tenancy.kiosk.sh/v1alpha1", "Space").resource(yaml(client,
                    "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: q1}\nspec: {account: qa}\n")).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.get("Namespace", null, "q1").isPresent());
            client.genericKubernetesResources("config.kiosk.sh/v1alpha1", "AccountQuota").resource(yaml(client,
                    "apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: qa-pods}\nspec: {account: qa, quota: {hard: {pods: '4'}}}\n")).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.get("ResourceQuota", "q1", "account-quota")
                    .map(rq -> rq.at("/spec/hard/pods").asText()).filter("4"::equals).isPresent());
        }
    }

    /** A seed with {@code clusters} simulated clusters and a heartbeat of a minute: no periodic pass during a test. */
    static Seed quietSeed(Path dir, int clusters) throws Exception {
        return Seed.start(Seed.Config.forTest(dir.resolve("data")), FleetOptions.defaults().withSimulatedClusters(clusters).withHeartbeat(Duration.ofMinutes(1)));
    }

    static io.fabric8.kubernetes.api.model.GenericKubernetesResource yaml(KubernetesClient client, String yaml) {
        return client.getKubernetesSerialization().unmarshal(yaml, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    }
}
