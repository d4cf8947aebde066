package dev.canopy.server.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpacePlacementTest {
    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    static ObjectNode space(String name, String cluster) { return yaml("metadata: {name: " + name + "}\nspec: {account: a, cluster: " + cluster + "}\n"); }

    static ObjectNode ns(String name, String extra) { return yaml("metadata: {name: " + name + ", uid: x, labels: {tenancy.canopy.dev/account: a}" + extra + "}\nstatus: {phase: Active}\n"); }

    @Test
    void eachSpaceGoesToItsClusterWithItsBindings() {
        List<ObjectNode> clusters = List.of(yaml("metadata: {name: c1}\n"), yaml("metadata: {name: c2}\n"), yaml("metadata: {name: gone, deletionTimestamp: '2026-01-01T00:00:00Z'}\n"));
        List<ObjectNode> spaces = List.of(space("s2", "c1"), space("s1", "c1"), space("s3", "c2"), space("s4", "gone"), space("s5", "c2"),
                yaml("metadata: {name: s6, deletionTimestamp: '2026-01-01T00:00:00Z'}\nspec: {account: a, cluster: c2}\n"));
        Map<String, ObjectNode> namespaces = Map.of("s1", ns("s1", ""), "s2", ns("s2", ""), "s3", ns("s3", ""), "s4", ns("s4", ""),
                "s5", ns("s5", ", deletionTimestamp: '2026-01-01T00:00:00Z'"), "s6", ns("s6", ""));
        List<ObjectNode> rbs = List.of(yaml("metadata: {name: space-owners, namespace: s1, uid: y, resourceVersion: '5'}\nroleRef: {kind: ClusterRole, name: admin}\nsubjects: [{kind: User, name: john}]\n"));
        Map<String, List<ObjectNode>> out = SpacePlacement.desired(clusters, spaces, namespaces, rbs);
        assertThat(out.keySet()).containsExactly("c1", "c2");
        assertThat(out.get("c1")).extracting(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
                .containsExactly("Namespace/s1", "RoleBinding/space-owners", "Namespace/s2");
        assertThat(out.get("c2")).extracting(o -> o.at("/metadata/name").asText()).containsExactly("s3");
        ObjectNode rb = out.get("c1").get(1);
        assertThat(rb.at("/metadata").toString()).isEqualTo("{\"name\":\"space-owners\",\"namespace\":\"s1\"}");
        assertThat(out.get("c1").get(0).at("/metadata/labels/tenancy.canopy.dev~1account").asText()).isEqualTo("a");
        assertThat(out.get("c1").get(0).at("/metadata").has("uid")).isFalse();
    }

    @Test
    void eachSpaceGetsItsPublishedShare_withTheQuotasScopeWhenTheyAgree() {
        List<ObjectNode> spaces = List.of(space("s1", "c1"), space("s2", "c1"));
        ObjectNode scoped = yaml("metadata: {name: q1}\nspec: {account: a, quota: {hard: {pods: '4'}, scopes: [BestEffort]}}\n"
                + "status: {namespaces: [{namespace: s1, status: {hard: {pods: '3'}}}]}\n");
        Map<String, ObjectNode> rqs = QuotaPlacement.resourceQuotas(spaces, List.of(scoped));
        assertThat(rqs.get("s1").at("/spec").toString()).isEqualTo("{\"hard\":{\"pods\":\"3\"},\"scopes\":[\"BestEffort\"]}");
        assertThat(rqs.get("s2").at("/spec/hard/pods").asText()).isEqualTo("0");   // nothing published for it yet
        ObjectNode plain = yaml("metadata: {name: q2}\nspec: {account: a, quota: {hard: {pods: '2'}}}\n");
        assertThat(QuotaPlacement.resourceQuotas(spaces, List.of(scoped, plain)).get("s1").at("/spec").has("scopes")).isFalse();
    }

    @Test
    void rolesKubernetesLacksAreSentWithWhatTheyAggregate() {
        Map<String, ObjectNode> roles = new java.util.TreeMap<>();
        for (ObjectNode r : dev.canopy.server.auth.BootstrapPolicy.clusterRoles()) roles.put(dev.canopy.api.Objects.name(r), r);
        roles.put("kiosk-template-admin", yaml("metadata: {name: kiosk-template-admin, labels: {rbac.kiosk.sh/aggregate-to-space-admin: 'true'}}\nrules: []\n"));
        List<ObjectNode> rbs = List.of(
                yaml("metadata: {name: space-owners, namespace: s1}\nroleRef: {kind: ClusterRole, name: kiosk-space-admin}\nsubjects: [{kind: User, name: john}]\n"),
                yaml("metadata: {name: extra, namespace: s2}\nroleRef: {kind: ClusterRole, name: admin}\nsubjects: [{kind: User, name: mary}]\n"));
        Map<String, List<ObjectNode>> out = SpacePlacement.desired(List.of(yaml("metadata: {name: c1}\n"), yaml("metadata: {name: c2}\n")),
                List.of(space("s1", "c1"), space("s2", "c2")), Map.of("s1", ns("s1", ""), "s2", ns("s2", "")), rbs, List.of(), roles);
        assertThat(out.get("c1")).filteredOn(o -> o.path("kind").asText().equals("ClusterRole")).extracting(o -> o.at("/metadata/name").asText())
                .containsExactly("kiosk-space-admin", "kiosk-space-admin-base", "kiosk-template-admin");
        ObjectNode agg = out.get("c1").stream().filter(o -> o.at("/metadata/name").asText().equals("kiosk-space-admin")).findFirst().orElseThrow();
        assertThat(agg.at("/aggregationRule/clusterRoleSelectors").size()).isEqualTo(2);
        assertThat(agg.at("/metadata/labels").has("kubernetes.io/bootstrapping")).isFalse();
        assertThat(out.get("c2")).as("admin exists on every cluster").noneMatch(o -> o.path("kind").asText().equals("ClusterRole"));
    }

    @Test
    void aClustersAnswerDoesNotDependOnTheOtherClusters() {
        // what lets the fleet hub ask about the changed clusters only (DesiredObjects.perCluster)
        Map<String, ObjectNode> roles = new java.util.TreeMap<>();
        for (ObjectNode r : dev.canopy.server.auth.BootstrapPolicy.clusterRoles()) roles.put(dev.canopy.api.Objects.name(r), r);
        List<ObjectNode> clusters = List.of(yaml("metadata: {name: c1}\n"), yaml("metadata: {name: c2}\n"));
        List<ObjectNode> spaces = List.of(space("s1", "c1"), space("s2", "c2"));
        Map<String, ObjectNode> nss = Map.of("s1", ns("s1", ""), "s2", ns("s2", ""));
        List<ObjectNode> rbs = List.of(yaml("metadata: {name: o, namespace: s1}\nroleRef: {kind: ClusterRole, name: kiosk-space-admin}\nsubjects: [{kind: User, name: john}]\n"));
        var all = SpacePlacement.desired(clusters, spaces, nss, rbs, List.of(), roles);
        for (ObjectNode c : clusters) {
            String name = dev.canopy.api.Objects.name(c);
            assertThat(SpacePlacement.desired(List.of(c), spaces, nss, rbs, List.of(), roles)).isEqualTo(Map.of(name, all.get(name)));
        }
        assertThat(new SpacePlacement().perCluster()).isTrue();
    }

    /** What lets the hub recompute only the namespaces a change touched: the partial answer agrees with the whole one. */
    @Test
    void anAnswerForSomeNamespacesAgreesWithTheWholeAnswer() {
        Map<String, ObjectNode> roles = new java.util.TreeMap<>();
        for (ObjectNode r : dev.canopy.server.auth.BootstrapPolicy.clusterRoles()) roles.put(dev.canopy.api.Objects.name(r), r);
        List<ObjectNode> clusters = List.of(yaml("metadata: {name: c1}\n"), yaml("metadata: {name: c2}\n"),
                yaml("metadata: {name: gone, deletionTimestamp: '2026-01-01T00:00:00Z'}\n"));
        var view = new dev.canopy.server.fleet.ListView()
                .with(dev.canopy.api.kiosk.KioskKinds.SPACES, List.of(space("s1", "c1"), space("s2", "c1"), space("s3", "c2"), space("s4", "gone"),
                        yaml("metadata: {name: s5, deletionTimestamp: '2026-01-01T00:00:00Z'}\nspec: {account: a, cluster: c2}\n"), space("s6", "c2")))
                .with(SpaceStore.NAMESPACES, List.of(ns("s1", ""), ns("s2", ""), ns("s3", ""), ns("s4", ""), ns("s5", ""),
                        ns("s6", ", deletionTimestamp: '2026-01-01T00:00:00Z'"), ns("other", "")))
                .with(SpaceStore.ROLE_BINDINGS, List.of(
                        yaml("metadata: {name: o, namespace: s1}\nroleRef: {kind: ClusterRole, name: kiosk-space-admin}\nsubjects: [{kind: User, name: john}]\n"),
                        yaml("metadata: {name: x, namespace: s3}\nroleRef: {kind: ClusterRole, name: admin}\nsubjects: [{kind: User, name: mary}]\n"),
                        yaml("metadata: {name: y, namespace: other}\nroleRef: {kind: ClusterRole, name: admin}\nsubjects: [{kind: User, name: mary}]\n")))
                .with(dev.canopy.api.kiosk.KioskKinds.ACCOUNT_QUOTAS, List.of(yaml("metadata: {name: q}\nspec: {account: a, quota: {hard: {pods: '4'}}}\n"
                        + "status: {namespaces: [{namespace: s1, status: {hard: {pods: '3'}}}]}\n")))
                .with(SpacePlacement.CLUSTER_ROLES, List.copyOf(roles.values()));
        SpacePlacement source = new SpacePlacement();
        for (var namespaces : List.of(java.util.Set.of("s1"), java.util.Set.of("s2", "s3"), java.util.Set.of("s4"), java.util.Set.of("s5", "s6"),
                java.util.Set.of("other", "missing"), java.util.Set.of("s1", "s2", "s3", "s4", "s5", "s6"))) {
            dev.canopy.server.fleet.ListView.assertPartialAgrees(source, clusters, view, namespaces);
        }
        assertThat(source.desired(clusters, view, java.util.Set.of("s1")).get("c1")).extracting(o -> o.path("kind").asText())
                .as("the ClusterRole s1 binds comes along").contains("ClusterRole", "Namespace", "ResourceQuota", "RoleBinding");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            kiosk.sh/spaces                        | metadata: {name: s1}                      | s1
            core/namespaces                        | metadata: {name: s1}                      | s1
            rbac.authorization.k8s.io/rolebindings | metadata: {name: owners, namespace: s1}   | s1
            kiosk.sh/accountquotas                 | metadata: {name: q}                       | *
            rbac.authorization.k8s.io/clusterroles | metadata: {name: admin}                   | *
            """)
    void aChangeTouchesItsSpacesNamespace_orCannotTell(String resource, String object, String touched) {
        String r = resource.startsWith("kiosk.sh/") ? (resource.endsWith("spaces") ? dev.canopy.api.kiosk.KioskKinds.SPACES
                : dev.canopy.api.kiosk.KioskKinds.ACCOUNT_QUOTAS) : resource;
        var t = new SpacePlacement().touched(r, null, yaml(object));
        if (touched.equals("*")) assertThat(t).isNull();
        else assertThat(t).containsExactly(touched);
        assertThat(new SpacePlacement().touched(r, yaml(object), null)).as("deleted").isEqualTo(t);
    }

    @Test
    void anAccountQuotaWhoseStatusAloneChangedTouchesTheNamespacesItLists() {
        ObjectNode before = yaml("metadata: {name: q}\nspec: {account: a, quota: {hard: {pods: '4'}}}\n"
                + "status: {namespaces: [{namespace: s1, status: {hard: {pods: '2'}}}, {namespace: s2, status: {hard: {pods: '2'}}}]}\n");
        ObjectNode after = yaml("metadata: {name: q}\nspec: {account: a, quota: {hard: {pods: '4'}}}\n"
                + "status: {namespaces: [{namespace: s1, status: {hard: {pods: '3'}}}, {namespace: s3, status: {hard: {pods: '1'}}}]}\n");
        String r = dev.canopy.api.kiosk.KioskKinds.ACCOUNT_QUOTAS;
        assertThat(new SpacePlacement().touched(r, before, after)).containsExactlyInAnyOrder("s1", "s2", "s3");
        ObjectNode respecified = yaml("metadata: {name: q}\nspec: {account: a, quota: {hard: {pods: '8'}}}\n");
        assertThat(new SpacePlacement().touched(r, before, respecified)).as("new limits reach every Space of the account").isNull();
        assertThat(new SpacePlacement().touched(r, null, after)).as("created").isNull();
        assertThat(new SpacePlacement().touched(r, after, null)).as("deleted").isNull();
        // and the partial answer for those namespaces agrees with the whole one
        var view = new dev.canopy.server.fleet.ListView()
                .with(dev.canopy.api.kiosk.KioskKinds.SPACES, List.of(space("s1", "c1"), space("s2", "c1"), space("s3", "c1"), space("s4", "c1")))
                .with(SpaceStore.NAMESPACES, List.of(ns("s1", ""), ns("s2", ""), ns("s3", ""), ns("s4", "")))
                .with(r, List.of(after));
        dev.canopy.server.fleet.ListView.assertPartialAgrees(new SpacePlacement(), List.of(yaml("metadata: {name: c1}\n")), view, java.util.Set.of("s1", "s2", "s3"));
    }

    /** Spaces are placed in name order, once per name, whatever order they come in. */
    @Test
    void spacesAreTakenInNameOrderOncePerName() {
        ObjectNode a = Json.object(), b = Json.object(), b2 = Json.object(), c = Json.object();
        a.putObject("metadata").put("name", "a");
        b.putObject("metadata").put("name", "b");
        b2.putObject("metadata").put("name", "b").put("uid", "second");
        c.putObject("metadata").put("name", "c");
        List<ObjectNode> ordered = List.of(a, b, c);
        assertThat(SpacePlacement.byName(ordered)).as("already in order: taken as it is").isSameAs(ordered);
        assertThat(SpacePlacement.byName(List.of(c, a, b))).containsExactly(a, b, c);
        assertThat(SpacePlacement.byName(List.of(a, b, b2, c))).as("a repeated name: the last one").containsExactly(a, b2, c);
    }
}
