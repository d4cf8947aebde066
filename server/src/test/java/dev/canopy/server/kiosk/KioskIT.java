package dev.canopy.server.kiosk;

import dev.canopy.server.testing.Api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.agent.SimulatedDriver;
import dev.canopy.server.Seed;
import dev.canopy.server.fleet.FleetOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts and Spaces through the API of a real seed with one simulated cluster: kiosk's create flow as a
 * user ({@code Impersonate-User}, as {@code kubectl --as}), what each caller sees (lists, gets, a watch that
 * sends DELETED when the user leaves the account), account changes reaching existing Spaces, deletion, and
 * the Space's namespace and RoleBinding arriving on the cluster. Each test uses its own accounts.
 */
class KioskIT {
    static final String KIOSK = "/apis/tenancy.kiosk.sh/v1alpha1";
    static final String CONFIG = "/apis/config.kiosk.sh/v1alpha1";
    @TempDir
    static Path dir;
    static Seed seed;
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")), FleetOptions.defaults().withSimulatedClusters(1).withHeartbeat(Duration.ofSeconds(1)));
        admin = Api.admin(seed.adminKubeconfig());
        ok(admin.post("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", KioskExamples.text("rbac-creator.yaml")));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode c : admin.get("/apis/fleet.canopy.dev/v1alpha1/clusters/sim-1").json().at("/status/conditions")) {
                if (c.path("type").asText().equals("Ready")) return c.path("status").asText().equals("True");
            }
            return false;
        });
    }

    @AfterAll
    static void stop() {
        if (seed != null) seed.close();
    }

    static Api.Response ok(Api.Response r) throws Exception {
        assertThat(r.code()).as(r.body() + " cluster: " + admin.get("/apis/fleet.canopy.dev/v1alpha1/clusters/sim-1").json().path("status")).isBetween(200, 202);
        return r;
    }

    static String account(String name, String space, String... users) {
        StringBuilder sb = new StringBuilder("apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: " + name + "\nspec:\n");
        if (!space.isEmpty()) sb.append("  space: ").append(space).append('\n');
        sb.append("  subjects:\n");
        for (String u : users) sb.append("  - {kind: User, name: ").append(u).append(", apiGroup: rbac.authorization.k8s.io}\n");
        return sb.toString();
    }

    static String space(String name, String account) {
        return "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: " + name + "\nspec:\n  account: " + account + "\n";
    }

    static SimulatedDriver sim() { return seed.fleet().simulated().orElseThrow().driver("sim-1").orElseThrow(); }

    @Test
    void aSubjectCreatesASpace_itIsLabelledBoundCountedAndPlaced() throws Exception {
        ok(admin.post(KIOSK + "/accounts", account("ann-account", "{spaceTemplate: {metadata: {labels: {team: a}, annotations: {owner: ann}}}}", "ann")));
        Api ann = admin.as("ann");
        Api.Response created = ann.post(KIOSK + "/spaces", space("ann-space", "ann-account"));
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        JsonNode s = created.json();
        assertThat(s.at("/apiVersion").asText()).isEqualTo("tenancy.kiosk.sh/v1alpha1");
        assertThat(s.at("/spec/cluster").asText()).isEqualTo("sim-1");
        assertThat(s.at("/metadata/labels/team").asText()).isEqualTo("a");
        assertThat(s.at("/metadata/labels/kiosk.sh~1account").asText()).isEqualTo("ann-account");
        JsonNode ns = ok(admin.get("/api/v1/namespaces/ann-space")).json();
        assertThat(ns.at("/metadata/labels/tenancy.canopy.dev~1account").asText()).isEqualTo("ann-account");
        assertThat(ns.at("/metadata/labels/tenancy.canopy.dev~1cluster").asText()).isEqualTo("sim-1");
        assertThat(ns.at("/metadata/annotations/owner").asText()).isEqualTo("ann");
        JsonNode rb = ok(admin.get("/apis/rbac.authorization.k8s.io/v1/namespaces/ann-space/rolebindings/space-owners")).json();
        assertThat(rb.at("/roleRef/name").asText()).isEqualTo("admin");
        assertThat(rb.at("/subjects/0/name").asText()).isEqualTo("ann");
        // ann works in her space through the binding
        ok(ann.post("/api/v1/namespaces/ann-space/configmaps", "metadata: {name: c}\ndata: {a: b}\n"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ann.get(KIOSK + "/accounts/ann-account").json().at("/status/namespaces/0/name").asText()).isEqualTo("ann-space");
            assertThat(admin.get(KIOSK + "/spaces/ann-space").json().at("/status/phase").asText()).isEqualTo("Active");
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sim().get("Namespace", null, "ann-space")).isPresent();
            assertThat(sim().get("RoleBinding", "ann-space", "space-owners")).isPresent();
        });
        assertThat(sim().get("Namespace", null, "ann-space").orElseThrow().at("/metadata/labels/team").asText()).isEqualTo("a");
    }

    @Test
    void badInputIsRefusedAndNothingIsWritten() throws Exception {
        ok(admin.post(KIOSK + "/accounts", account("bo-account", "{limit: 1}", "bo")));
        Api bo = admin.as("bo");
        Api.Response noAccount = bo.post(KIOSK + "/spaces", "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: bo-none}\nspec: {}\n");
        assertThat(noAccount.code()).isEqualTo(400);
        assertThat(noAccount.json().at("/details/causes/0/field").asText()).isEqualTo("spec.account");
        // an account bo cannot see: 404, as if it did not exist
        ok(admin.post(KIOSK + "/accounts", account("other-account", "", "other")));
        assertThat(bo.post(KIOSK + "/spaces", space("bo-x", "other-account")).code()).isEqualTo(404);
        assertThat(bo.post(KIOSK + "/spaces", space("bo-y", "no-such-account")).code()).isEqualTo(404);
        ok(bo.post(KIOSK + "/spaces", space("bo-1", "bo-account")));
        Api.Response over = bo.post(KIOSK + "/spaces", space("bo-2", "bo-account"));
        assertThat(over.code()).isEqualTo(403);
        assertThat(over.json().at("/message").asText()).isEqualTo("space limit of 1 reached for account bo-account");
        for (String n : List.of("bo-none", "bo-x", "bo-y", "bo-2")) assertThat(admin.get("/api/v1/namespaces/" + n).code()).as(n).isEqualTo(404);
        // typos are named by path
        Api.Response typo = admin.post(KIOSK + "/accounts", "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: typo}\nspec: {space: {limt: 1}}\n");
        assertThat(typo.code()).isEqualTo(400);
        assertThat(typo.body()).contains("spec.space.limt");
        // AccountQuota: unknown account, then a changed account
        assertThat(admin.post(CONFIG + "/accountquotas", "apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: q-bad}\nspec: {account: nope, quota: {hard: {pods: '2'}}}\n").code()).isEqualTo(422);
        ok(admin.post(CONFIG + "/accountquotas", "apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: q-bo}\nspec: {account: bo-account, quota: {hard: {pods: '2'}}}\n"));
        Api.Response moved = admin.patch(CONFIG + "/accountquotas/q-bo", "{\"spec\":{\"account\":\"other-account\"}}");
        assertThat(moved.code()).as(moved.body()).isEqualTo(422);
        assertThat(moved.body()).contains("spec.account");
        // bo sees the quota of his account, other does not
        assertThat(bo.get(CONFIG + "/accountquotas/q-bo").code()).isEqualTo(200);
        assertThat(admin.as("other").get(CONFIG + "/accountquotas/q-bo").code()).isEqualTo(404);
    }

    @Test
    void eachCallerSeesOnlyTheirAccountsAndSpaces_aWatchSendsDeletedWhenAccessEnds() throws Exception {
        ok(admin.post(KIOSK + "/accounts", account("cy-account", "", "cy", "dee")));
        ok(admin.post(KIOSK + "/accounts", account("ed-account", "", "ed")));
        Api cy = admin.as("cy"), dee = admin.as("dee"), ed = admin.as("ed");
        ok(cy.post(KIOSK + "/spaces", space("cy-1", "cy-account")));
        ok(ed.post(KIOSK + "/spaces", space("ed-1", "ed-account")));
        assertThat(Api.names(ok(cy.get(KIOSK + "/spaces")))).containsExactly("cy-1");
        assertThat(Api.names(ok(ed.get("/apis/tenancy.canopy.dev/v1alpha1/spaces")))).containsExactly("ed-1");
        assertThat(Api.names(ok(cy.get(CONFIG + "/accounts")))).containsExactly("cy-account");
        assertThat(cy.get(KIOSK + "/spaces/ed-1").code()).isEqualTo(404);
        assertThat(cy.get(KIOSK + "/accounts/ed-account").code()).isEqualTo(404);
        assertThat(Api.names(ok(admin.get(KIOSK + "/spaces")))).contains("cy-1", "ed-1");
        // an admin of tenant-root sees every account of the tenant and its spaces
        ok(admin.post("/apis/rbac.authorization.k8s.io/v1/namespaces/tenant-root/rolebindings",
                "metadata: {name: fay-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'canopy:tenant:admin'}\n"
                + "subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: fay}]\n"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Api.names(admin.as("fay").get(KIOSK + "/spaces"))).contains("cy-1", "ed-1"));

        String rv = ok(dee.get(KIOSK + "/spaces")).json().at("/metadata/resourceVersion").asText();
        List<JsonNode> events = dee.watch(KIOSK + "/spaces?watch=true&resourceVersion=" + rv);
        ok(admin.patch(KIOSK + "/accounts/cy-account", "{\"spec\":{\"subjects\":[{\"kind\":\"User\",\"name\":\"cy\",\"apiGroup\":\"rbac.authorization.k8s.io\"}]}}"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("DELETED");
            assertThat(e.at("/object/metadata/name").asText()).isEqualTo("cy-1");
        }));
        assertThat(dee.get(KIOSK + "/spaces/cy-1").code()).isEqualTo(404);
        assertThat(Api.names(ok(dee.get(KIOSK + "/spaces")))).isEmpty();
    }

    @Test
    void accountChangesReachExistingSpaces_andAMovedSpaceMovesItsBinding() throws Exception {
        ok(admin.post(KIOSK + "/accounts", account("gus-account", "", "gus")));
        ok(admin.post(KIOSK + "/accounts", account("hal-account", "", "hal")));
        ok(admin.as("gus").post(KIOSK + "/spaces", space("gus-1", "gus-account")));
        ok(admin.patch(KIOSK + "/accounts/gus-account", "{\"spec\":{\"space\":{\"clusterRole\":\"kiosk-space-admin\",\"spaceTemplate\":{\"metadata\":{\"labels\":{\"tier\":\"gold\"}}}}}}"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(admin.get("/api/v1/namespaces/gus-1").json().at("/metadata/labels/tier").asText()).isEqualTo("gold");
            assertThat(admin.get("/apis/rbac.authorization.k8s.io/v1/namespaces/gus-1/rolebindings/space-owners").json().at("/roleRef/name").asText())
                    .isEqualTo("kiosk-space-admin");
        });
        // the admin moves the space to hal's account: the binding follows
        ok(admin.patch(KIOSK + "/spaces/gus-1", "{\"spec\":{\"account\":\"hal-account\"}}"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode rb = admin.get("/apis/rbac.authorization.k8s.io/v1/namespaces/gus-1/rolebindings/space-owners").json();
            assertThat(rb.at("/subjects/0/name").asText()).isEqualTo("hal");
            assertThat(admin.get("/api/v1/namespaces/gus-1").json().at("/metadata/labels/tenancy.canopy.dev~1account").asText()).isEqualTo("hal-account");
        });
        assertThat(admin.as("gus").get(KIOSK + "/spaces/gus-1").code()).isEqualTo(404);
        assertThat(admin.as("hal").get(KIOSK + "/spaces/gus-1").code()).isEqualTo(200);
    }

    @Test
    void ownersDeleteSpacesOnlyWithKioskSpaceAdmin_deletingAnAccountDeletesItsSpacesUnlessOrphaned() throws Exception {
        ok(admin.post(KIOSK + "/accounts", account("ivy-account", "", "ivy")));
        ok(admin.post(KIOSK + "/accounts", account("jo-account", "{clusterRole: kiosk-space-admin}", "jo")));
        ok(admin.post(KIOSK + "/accounts", account("kim-account", "{deletionPolicy: Orphan}", "kim")));
        ok(admin.as("ivy").post(KIOSK + "/spaces", space("ivy-1", "ivy-account")));
        ok(admin.as("jo").post(KIOSK + "/spaces", space("jo-1", "jo-account")));
        ok(admin.as("jo").post(KIOSK + "/spaces", space("jo-2", "jo-account")));
        ok(admin.as("kim").post(KIOSK + "/spaces", space("kim-1", "kim-account")));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().get("Namespace", null, "jo-1").isPresent()
                && sim().get("ClusterRole", null, "kiosk-space-admin").isPresent() && sim().get("ClusterRole", null, "kiosk-space-admin-base").isPresent());

        Api.Response refused = admin.as("ivy").delete(KIOSK + "/spaces/ivy-1");
        assertThat(refused.code()).as(refused.body()).isEqualTo(403);
        assertThat(admin.as("jo").delete(KIOSK + "/spaces/ivy-1").code()).isEqualTo(404);
        ok(admin.as("jo").delete(KIOSK + "/spaces/jo-1"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(admin.get("/api/v1/namespaces/jo-1").code()).isEqualTo(404);
            assertThat(sim().get("Namespace", null, "jo-1")).isEmpty();
        });

        ok(admin.delete(KIOSK + "/accounts/jo-account"));
        ok(admin.delete(KIOSK + "/accounts/kim-account"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(admin.get(KIOSK + "/accounts/jo-account").code()).isEqualTo(404);
            assertThat(admin.get(KIOSK + "/accounts/kim-account").code()).isEqualTo(404);
            assertThat(admin.get(KIOSK + "/spaces/jo-2").code()).isEqualTo(404);
            assertThat(admin.get("/api/v1/namespaces/jo-2").code()).isEqualTo(404);
        });
        assertThat(admin.get(KIOSK + "/spaces/kim-1").code()).isEqualTo(200);
        assertThat(admin.get("/api/v1/namespaces/kim-1").code()).isEqualTo(200);
    }

    @Test
    void accountQuotasAggregateOverSpaces_lowestWins_clustersEnforceTheirShare() throws Exception {
        ok(admin.post(KIOSK + "/accounts", account("qa-account", "", "qa")));
        ok(admin.as("qa").post(KIOSK + "/spaces", space("qa-1", "qa-account")));
        ok(admin.as("qa").post(KIOSK + "/spaces", space("qa-2", "qa-account")));
        ok(admin.post(CONFIG + "/accountquotas", "apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: qa-big}\nspec: {account: qa-account, quota: {hard: {pods: '6', limits.cpu: '4'}}}\n"));
        ok(admin.post(CONFIG + "/accountquotas", "apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: qa-small}\nspec: {account: qa-account, quota: {hard: {pods: '4'}}}\n"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String ns : List.of("qa-1", "qa-2")) {
                JsonNode rq = sim().get("ResourceQuota", ns, "account-quota").orElseThrow();
                assertThat(rq.at("/spec/hard/pods").asText()).as(ns).isEqualTo("2");
                assertThat(rq.at("/spec/hard/limits.cpu").asText()).as(ns).isEqualTo("2");
            }
        });
        // 3 pods using 1 cpu of limits start in qa-1: the totals follow, and the headroom is re-split,
        // qa-2's share lowered first and applied before qa-1's is raised: the cluster never holds more than the limit
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread poller = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                // qa-1 only grows and qa-2 only shrinks here, so reading qa-1 first never over-counts
                int a = sim().get("ResourceQuota", "qa-1", "account-quota").map(o -> o.at("/spec/hard/pods").asInt()).orElse(0);
                int b = sim().get("ResourceQuota", "qa-2", "account-quota").map(o -> o.at("/spec/hard/pods").asInt()).orElse(0);
                most.accumulateAndGet(a + b, Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sim().putForeign(pod("qa-1", "p1", "{requests: {cpu: 500m}, limits: {cpu: 500m}}", "Running"));
        sim().putForeign(pod("qa-1", "p2", "{limits: {cpu: 500m}}", "Running"));
        sim().putForeign(pod("qa-1", "p3", "{}", "Running"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode st = admin.as("qa").get(CONFIG + "/accountquotas/qa-big").json().path("status");
            assertThat(st.at("/total/used/pods").asText()).isEqualTo("3");
            assertThat(st.at("/total/used/limits.cpu").asText()).isEqualTo("1");
            assertThat(st.at("/total/hard/pods").asText()).isEqualTo("6");
            assertThat(st.at("/namespaces/0/namespace").asText()).isEqualTo("qa-1");
            assertThat(st.at("/namespaces/0/status/used/pods").asText()).isEqualTo("3");
            // pods: the lowest limit 4, 3 used → qa-1 may have 4, qa-2 0; cpu: 3 left → 2500m + 1500m
            assertThat(sim().get("ResourceQuota", "qa-1", "account-quota").orElseThrow().at("/spec/hard/pods").asText())
                    .as(admin.get(CONFIG + "/accountquotas/qa-big").json().path("status") + " cluster "
                            + admin.get("/apis/fleet.canopy.dev/v1alpha1/clusters/sim-1").json().path("status")).isEqualTo("4");
            assertThat(sim().get("ResourceQuota", "qa-2", "account-quota").orElseThrow().at("/spec/hard/pods").asText()).isEqualTo("0");
            assertThat(sim().get("ResourceQuota", "qa-1", "account-quota").orElseThrow().at("/spec/hard/limits.cpu").asText()).isEqualTo("2500m");
        });
        watching.set(false);
        poller.join();
        assertThat(most.get()).as("pods shares on the cluster, at most").isLessThanOrEqualTo(4);
    }

    /** A user's Pod as the cluster holds it; {@code resources} in YAML flow style, e.g. {@code {requests: {cpu: 500m}}}. */
    static com.fasterxml.jackson.databind.node.ObjectNode pod(String ns, String name, String resources, String phase) {
        return (com.fasterxml.jackson.databind.node.ObjectNode) dev.canopy.api.Json.parseYaml(("apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + ns + "}\n"
                + "spec: {containers: [{name: c, image: x, resources: " + resources + "}]}\nstatus: {phase: " + phase + "}\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static int sharesOnCluster(String resource, String... namespaces) {
        int sum = 0;
        for (String ns : namespaces) {
            sum += sim().get("ResourceQuota", ns, "account-quota")
                    .map(o -> (int) dev.canopy.tenancy.Quantities.amount(o.at("/spec/hard/" + resource).asText("0")).multiply(java.math.BigDecimal.valueOf(1000)).longValue()).orElse(0);
        }
        return sum;
    }

    @Test
    void podsOnTheClusterShowAsQuotaUsage_sharesFollowThem_theClusterNeverHoldsMoreThanTheLimit() throws Exception {
        ok(admin.post(KIOSK + "/accounts", account("qu-account", "", "qu")));
        ok(admin.as("qu").post(KIOSK + "/spaces", space("qu-1", "qu-account")));
        ok(admin.as("qu").post(KIOSK + "/spaces", space("qu-2", "qu-account")));
        ok(admin.post(CONFIG + "/accountquotas", "apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: qu-quota}\n"
                + "spec: {account: qu-account, quota: {hard: {pods: '4', requests.cpu: '2', count/configmaps: '10'}}}\n"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sim().get("ResourceQuota", "qu-1", "account-quota").orElseThrow().at("/spec/hard/pods").asText()).isEqualTo("2");
            assertThat(sim().get("ResourceQuota", "qu-2", "account-quota").orElseThrow().at("/spec/hard/pods").asText()).isEqualTo("2");
            // nothing runs yet: 0 used, reported by the agent; configmaps are not reported, so not shown as 0
            JsonNode st = admin.as("qu").get(CONFIG + "/accountquotas/qu-quota").json().path("status");
            assertThat(st.at("/total/used/pods").asText()).isEqualTo("0");
            assertThat(st.at("/total/used").has("count/configmaps")).isFalse();
            assertThat(st.at("/total/hard/count~1configmaps").asText()).isEqualTo("10");
        });
        java.util.concurrent.atomic.AtomicInteger mostPods = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostCpu = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        // the namespace whose share grows is read first, so two reads moments apart never over-count
        java.util.concurrent.atomic.AtomicReference<String[]> order = new java.util.concurrent.atomic.AtomicReference<>(new String[] {"qu-1", "qu-2"});
        Thread poller = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                mostPods.accumulateAndGet(sharesOnCluster("pods", order.get()) / 1000, Math::max);
                mostCpu.accumulateAndGet(sharesOnCluster("requests.cpu", order.get()), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        // users start two pods of 500m in qu-1 (and one already finished, which counts for nothing)
        sim().putForeign(pod("qu-1", "a", "{requests: {cpu: 500m}}", "Running"));
        sim().putForeign(pod("qu-1", "b", "{requests: {cpu: 500m}}", "Pending"));
        sim().putForeign(pod("qu-1", "done", "{requests: {cpu: 1}}", "Succeeded"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode st = admin.as("qu").get(CONFIG + "/accountquotas/qu-quota").json().path("status");
            assertThat(st.at("/total/used/pods").asText()).isEqualTo("2");
            assertThat(st.at("/total/used/requests.cpu").asText()).isEqualTo("1");
            assertThat(st.at("/namespaces/0/namespace").asText()).isEqualTo("qu-1");
            assertThat(st.at("/namespaces/0/status/used/pods").asText()).isEqualTo("2");
            assertThat(st.at("/namespaces/1/status/used/pods").asText()).isEqualTo("0");
            assertThat(st.at("/namespaces/0/status/used").has("count/configmaps")).isFalse();
            // headroom 2 pods and 1 cpu, split evenly on top of the usage
            JsonNode rq1 = sim().get("ResourceQuota", "qu-1", "account-quota").orElseThrow();
            JsonNode rq2 = sim().get("ResourceQuota", "qu-2", "account-quota").orElseThrow();
            assertThat(rq1.at("/spec/hard/pods").asText()).isEqualTo("3");
            assertThat(rq2.at("/spec/hard/pods").asText()).isEqualTo("1");
            assertThat(rq1.at("/spec/hard/requests.cpu").asText()).isEqualTo("1500m");
            assertThat(rq2.at("/spec/hard/requests.cpu").asText()).isEqualTo("500m");
            assertThat(rq1.at("/spec/hard/count~1configmaps").asText()).isEqualTo("5");
        });
        // the pods go away: the shares move back (qu-2 grows now)
        order.set(new String[] {"qu-2", "qu-1"});
        sim().deleteForeign("Pod", "qu-1", "a");
        sim().deleteForeign("Pod", "qu-1", "b");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(admin.as("qu").get(CONFIG + "/accountquotas/qu-quota").json().at("/status/total/used/pods").asText()).isEqualTo("0");
            assertThat(sim().get("ResourceQuota", "qu-1", "account-quota").orElseThrow().at("/spec/hard/pods").asText()).isEqualTo("2");
            assertThat(sim().get("ResourceQuota", "qu-2", "account-quota").orElseThrow().at("/spec/hard/pods").asText()).isEqualTo("2");
        });
        watching.set(false);
        poller.join();
        assertThat(mostPods.get()).as("pods shares on the cluster, at most").isLessThanOrEqualTo(4);
        assertThat(mostCpu.get()).as("requests.cpu shares on the cluster in millicores, at most").isLessThanOrEqualTo(2000);
    }

    @Test
    void aScopedQuotasScopeReachesTheCluster_itsUsageIsNotShownAsZero() throws Exception {
        ok(admin.post(KIOSK + "/accounts", account("sc-account", "", "sc")));
        ok(admin.as("sc").post(KIOSK + "/spaces", space("sc-1", "sc-account")));
        ok(admin.post(CONFIG + "/accountquotas", "apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: sc-quota}\n"
                + "spec: {account: sc-account, quota: {hard: {pods: '3'}, scopes: [BestEffort]}}\n"));
        sim().putForeign(pod("sc-1", "burstable", "{requests: {cpu: 100m}}", "Running"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode rq = sim().get("ResourceQuota", "sc-1", "account-quota").orElseThrow();
            assertThat(rq.at("/spec/hard/pods").asText()).isEqualTo("3");
            assertThat(rq.at("/spec/scopes").toString()).isEqualTo("[\"BestEffort\"]");
            JsonNode st = admin.as("sc").get(CONFIG + "/accountquotas/sc-quota").json().path("status");
            assertThat(st.at("/total/hard/pods").asText()).isEqualTo("3");
            assertThat(st.at("/namespaces/0/namespace").asText()).isEqualTo("sc-1");
        });
        // once the agent's report of the pod is in, a change of the quota recomputes its status
        await().atMost(Duration.ofSeconds(20)).until(() -> seed.fleet().hub().usage("sim-1").containsKey("sc-1")
                && seed.fleet().hub().usage("sim-1").get("sc-1").pods() == 1);
        ok(admin.patch(CONFIG + "/accountquotas/sc-quota", "{\"spec\":{\"quota\":{\"hard\":{\"pods\":\"4\"}}}}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().get("ResourceQuota", "sc-1", "account-quota").orElseThrow().at("/spec/hard/pods").asText().equals("4"));
        // the agents count every pod, not only BestEffort ones: the scoped quota's usage is unknown, not 1
        JsonNode st = admin.as("sc").get(CONFIG + "/accountquotas/sc-quota").json().path("status");
        assertThat(st.at("/total/used").has("pods")).as(st.toString()).isFalse();
        assertThat(st.at("/namespaces/0/status/used").has("pods")).isFalse();
    }

    @Test
    void deletingATenantDeletesItsAccounts_theirSpacesFollowEachAccountsDeletionPolicy() throws Exception {
        String tenants = "/apis/tenancy.canopy.dev/v1alpha1/namespaces/tenant-root/tenants";
        ok(admin.post(tenants, "apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Tenant\nmetadata: {name: gone}\nspec: {}\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-gone").code() == 200);
        ok(admin.post(CONFIG + "/accounts", "apiVersion: config.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: gone-del}\n"
                + "spec: {tenant: tenant-gone, subjects: [{kind: User, name: gus}]}\n"));
        ok(admin.post(CONFIG + "/accounts", "apiVersion: config.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: gone-orphan}\n"
                + "spec: {tenant: tenant-gone, space: {deletionPolicy: Orphan}, subjects: [{kind: User, name: gus}]}\n"));
        ok(admin.post(KIOSK + "/accounts", account("stays-account", "", "gus")));   // tenant-root's
        ok(admin.as("gus").post(KIOSK + "/spaces", space("gone-1", "gone-del")));
        ok(admin.as("gus").post(KIOSK + "/spaces", space("gone-2", "gone-orphan")));
        ok(admin.as("gus").post(KIOSK + "/spaces", space("stays-1", "stays-account")));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim().get("Namespace", null, "gone-1").isPresent());
        // someone else's finalizer holds one account: the tenant waits for it and says so
        ok(admin.patch(CONFIG + "/accounts/gone-orphan", "{\"metadata\":{\"finalizers\":[\"tenancy.canopy.dev/account-spaces\",\"example.com/hold\"]}}"));

        ok(admin.delete(tenants + "/gone"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode ready = admin.get(tenants + "/gone").json().at("/status/conditions/0");
            assertThat(ready.path("reason").asText()).isEqualTo("DeletionBlocked");
            assertThat(ready.path("message").asText()).contains("account gone-orphan").contains("example.com/hold");
            assertThat(admin.get(CONFIG + "/accounts/gone-del").code()).isEqualTo(404);
        });
        // no new account for a tenant being deleted
        Api.Response late = admin.post(CONFIG + "/accounts", "apiVersion: config.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: gone-late}\nspec: {tenant: tenant-gone}\n");
        assertThat(late.code()).as(late.body()).isEqualTo(422);
        assertThat(late.json().at("/details/causes/0/field").asText()).isEqualTo("spec.tenant");
        ok(admin.patch(CONFIG + "/accounts/gone-orphan", "{\"metadata\":{\"finalizers\":[]}}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(admin.get(tenants + "/gone").code()).isEqualTo(404);
            assertThat(admin.get(CONFIG + "/accounts/gone-del").code()).isEqualTo(404);
            assertThat(admin.get(CONFIG + "/accounts/gone-orphan").code()).isEqualTo(404);
            assertThat(admin.get(KIOSK + "/spaces/gone-1").code()).isEqualTo(404);
            assertThat(sim().get("Namespace", null, "gone-1")).isEmpty();
        });
        // the Orphan account's Space stays, as when the account is deleted by hand; other tenants' accounts stay
        assertThat(admin.get(KIOSK + "/spaces/gone-2").code()).isEqualTo(200);
        assertThat(admin.get(KIOSK + "/accounts/stays-account").code()).isEqualTo(200);
        assertThat(admin.get(KIOSK + "/spaces/stays-1").code()).isEqualTo(200);
    }

    @Test
    void tenantAdminsManageTheirTenantsAccountsOnly() throws Exception {
        ok(admin.post("/apis/tenancy.canopy.dev/v1alpha1/namespaces/tenant-root/tenants",
                "apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Tenant\nmetadata: {name: lab}\nspec: {}\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-lab").code() == 200);
        ok(admin.post("/apis/rbac.authorization.k8s.io/v1/namespaces/tenant-lab/rolebindings",
                "metadata: {name: lou-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'canopy:tenant:admin'}\n"
                + "subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: lou}]\n"));
        Api lou = admin.as("lou");
        String labAccount = "apiVersion: config.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: lab-account}\nspec: {tenant: tenant-lab, subjects: [{kind: User, name: max}]}\n";
        await().atMost(Duration.ofSeconds(10)).until(() -> lou.post(CONFIG + "/accounts", labAccount).code() == 201);
        Api.Response escalate = lou.post(CONFIG + "/accounts", "apiVersion: config.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: lou-ca}\n"
                + "spec: {tenant: tenant-lab, space: {clusterRole: cluster-admin}, subjects: [{kind: User, name: lou}]}\n");
        assertThat(escalate.code()).as(escalate.body()).isEqualTo(403);
        assertThat(escalate.body()).contains("may not bind ClusterRole cluster-admin");
        Api.Response root = lou.post(CONFIG + "/accounts", "apiVersion: config.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: lou-root}\nspec: {subjects: [{kind: User, name: max}]}\n");
        assertThat(root.code()).as(root.body()).isEqualTo(403);
        Api.Response unknown = admin.post(CONFIG + "/accounts", "apiVersion: config.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: nowhere}\nspec: {tenant: tenant-nope}\n");
        assertThat(unknown.code()).isEqualTo(422);
        assertThat(unknown.json().at("/details/causes/0/field").asText()).isEqualTo("spec.tenant");
        // lou sees and changes lab's accounts, not the root tenant's; max (a subject) uses it, lou sees max's space
        assertThat(Api.names(ok(lou.get(CONFIG + "/accounts")))).containsExactly("lab-account");
        ok(lou.patch(CONFIG + "/accounts/lab-account", "{\"spec\":{\"space\":{\"limit\":3}}}"));
        ok(admin.post(KIOSK + "/accounts", account("root-account", "", "nobody")));
        assertThat(lou.patch(CONFIG + "/accounts/root-account", "{\"spec\":{\"space\":{\"limit\":3}}}").code()).isEqualTo(404);
        ok(admin.as("max").post(KIOSK + "/spaces", space("max-1", "lab-account")));
        assertThat(Api.names(ok(lou.get(KIOSK + "/spaces")))).containsExactly("max-1");
        // a caller allowed to create namespaces may use any account it can see (kiosk's rule); the admin can
        ok(admin.post(KIOSK + "/spaces", space("admin-1", "lab-account")));
        assertThat(Api.names(ok(admin.as("max").get(KIOSK + "/spaces")))).containsExactlyInAnyOrder("max-1", "admin-1");
    }
}
