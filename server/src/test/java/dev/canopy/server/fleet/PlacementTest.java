package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
    static ObjectNode yaml(String y) {
        try {
            return (ObjectNode) Json.YAML.readTree(y);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode cluster(String name, String env) { return yaml("metadata: {name: " + name + ", labels: {env: " + env + "}}"); }

    static ObjectNode tenant(String name, String placement) {
        return yaml("metadata: {name: " + name + ", namespace: tenant-root}\nspec: " + (placement == null ? "{}" : "{placement: " + placement + "}"));
    }

    static ObjectNode ns(String name) { return yaml("metadata: {name: " + name + ", uid: x, resourceVersion: '9', labels: {tenancy.canopy.dev/tenant: t}}"); }

    static Map<String, List<String>> names(Map<String, List<ObjectNode>> d) {
        var out = new java.util.TreeMap<String, List<String>>();
        d.forEach((c, os) -> out.put(c, os.stream().map(o -> o.at("/metadata/name").asText()).toList()));
        return out;
    }

    @Test
    void aSelectorPlacesTheTenantsNamespaceOnMatchingClustersOnly() {
        var d = Placement.desired(List.of(cluster("a", "dev"), cluster("b", "prod")),
                List.of(tenant("dev1", "{matchLabels: {env: dev}}"), tenant("all", "{}"), tenant("none", null),
                        tenant("prod1", "{matchExpressions: [{key: env, operator: In, values: [prod]}]}")),
                Map.of("tenant-dev1", ns("tenant-dev1"), "tenant-all", ns("tenant-all"), "tenant-none", ns("tenant-none"), "tenant-prod1", ns("tenant-prod1")));
        assertThat(names(d)).isEqualTo(Map.of("a", List.of("tenant-all", "tenant-dev1"), "b", List.of("tenant-all", "tenant-prod1")));
    }

    @Test
    void theLeafCopyHasNameAndLabelsOnly() {
        var d = Placement.desired(List.of(cluster("a", "dev")), List.of(tenant("x", "{}")), Map.of("tenant-x", ns("tenant-x")));
        assertThat(d.get("a").get(0)).isEqualTo(yaml("apiVersion: v1\nkind: Namespace\nmetadata: {name: tenant-x, labels: {tenancy.canopy.dev/tenant: t}}"));
    }

    @Test
    void aMissingNamespaceOrADeletingTenantPlacesNothing() {
        ObjectNode deleting = tenant("gone", "{}");
        deleting.withObject("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z");
        var d = Placement.desired(List.of(cluster("a", "dev")), List.of(tenant("new", "{}"), deleting), Map.of("tenant-gone", ns("tenant-gone")));
        assertThat(d.get("a")).isEmpty();
    }

    @Test
    void aClustersAnswerDoesNotDependOnTheOtherClusters() {
        // what lets the hub ask about the changed clusters only (DesiredObjects.perCluster)
        var clusters = List.of(cluster("a", "dev"), cluster("b", "prod"), cluster("c", "prod"));
        var tenants = List.of(tenant("p", "{matchLabels: {env: prod}}"), tenant("all", "{}"));
        Map<String, ObjectNode> nss = Map.of("tenant-p", ns("tenant-p"), "tenant-all", ns("tenant-all"));
        var all = Placement.desired(clusters, tenants, nss);
        for (ObjectNode c : clusters) {
            String name = c.at("/metadata/name").asText();
            assertThat(Placement.desired(List.of(c), tenants, nss)).isEqualTo(Map.of(name, all.get(name)));
        }
        assertThat(new Placement().perCluster()).isTrue();
    }

    @Test
    void anAnswerForSomeNamespacesAgreesWithTheWholeAnswer() {
        var clusters = List.of(cluster("a", "dev"), cluster("b", "prod"));
        ObjectNode child = yaml("metadata: {name: team, namespace: tenant-p}\nspec: {placement: {}}");
        var view = new ListView()
                .with(Placement.TENANTS, List.of(tenant("p", "{matchLabels: {env: prod}}"), tenant("all", "{}"), tenant("none", null), child))
                .with(Placement.NAMESPACES, List.of(ns("tenant-p"), ns("tenant-all"), ns("tenant-none"), ns("tenant-p-team"), ns("plain")));
        var source = new Placement();
        for (var namespaces : List.of(java.util.Set.of("tenant-p"), java.util.Set.of("tenant-all", "tenant-none"), java.util.Set.of("tenant-p-team"),
                java.util.Set.of("plain", "missing"))) {
            ListView.assertPartialAgrees(source, clusters, view, namespaces);
        }
        assertThat(names(source.desired(clusters, view, java.util.Set.of("tenant-p-team")))).isEqualTo(Map.of("a", List.of("tenant-p-team"), "b", List.of("tenant-p-team")));
        assertThat(source.touched(Placement.TENANTS, null, child)).as("a tenant touches the namespace it owns").containsExactly("tenant-p-team");
        assertThat(source.touched(Placement.NAMESPACES, ns("plain"), null)).containsExactly("plain");
    }
}
