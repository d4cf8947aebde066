package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatePlacementTest {
    static ObjectNode obj(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode cluster(String name) { return obj("{metadata: {name: " + name + "}}"); }
    static ObjectNode ns(String name, String cluster) {
        return obj("{metadata: {name: " + name + (cluster == null ? "" : ", labels: {tenancy.canopy.dev/cluster: " + cluster + "}") + "}}");
    }
    static ObjectNode instance(String ns, String name, String uid) { return obj("{metadata: {namespace: " + ns + ", name: " + name + ", uid: " + uid + "}}"); }
    static ObjectNode record(String ns, String name, String uid, String... configMaps) {
        ObjectNode r = obj("{metadata: {namespace: " + ns + ", name: " + name + "}, instanceUid: '" + uid + "'}");
        var objects = r.putArray("objects");
        for (String c : configMaps) objects.add(obj("{apiVersion: v1, kind: ConfigMap, metadata: {namespace: " + ns + ", name: " + c + "}}"));
        return r;
    }

    static Map<String, List<String>> names(Map<String, List<ObjectNode>> out) {
        return out.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(o -> o.at("/metadata/namespace").asText() + "/" + o.at("/metadata/name").asText()).toList()));
    }

    @Test
    void eachInstancesObjectsGoToItsNamespacesCluster() {
        var out = TemplatePlacement.desired(List.of(cluster("sim-1"), cluster("sim-2")),
                List.of(instance("a", "i", "u1"), instance("b", "i", "u2"), instance("c", "i", "u3")),
                List.of(record("b", "i", "u2", "x"), record("a", "i", "u1", "y", "z"), record("c", "i", "u3", "w")),
                Map.of("a", ns("a", "sim-1"), "b", ns("b", "sim-2"), "c", ns("c", null)));
        assertThat(names(out)).isEqualTo(Map.of("sim-1", List.of("a/y", "a/z"), "sim-2", List.of("b/x")));
    }

    @Test
    void nothingForGoneOrDeletingInstancesStaleRecordsDeletingNamespacesOrUnknownClusters() {
        ObjectNode deletingInstance = instance("a", "d", "u4");
        deletingInstance.with("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z");
        ObjectNode deletingNs = ns("e", "sim-1");
        deletingNs.with("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z");
        var out = TemplatePlacement.desired(List.of(cluster("sim-1")),
                List.of(deletingInstance, instance("a", "stale", "new-uid"), instance("e", "i", "u5"), instance("f", "i", "u6"), instance("a", "early", "u7")),
                List.of(record("a", "gone", "u0", "g"), record("a", "d", "u4", "d"), record("a", "stale", "old-uid", "s"),
                        record("e", "i", "u5", "e"), record("f", "i", "u6", "f"), record("a", "early", "", "early")),
                Map.of("a", ns("a", "sim-1"), "e", deletingNs, "f", ns("f", "sim-9")));
        assertThat(names(out)).isEqualTo(Map.of("sim-1", List.of("a/early")));
    }

    @Test
    void aClustersAnswerDoesNotDependOnTheOtherClusters() {
        // what lets the fleet hub ask about the changed clusters only (DesiredObjects.perCluster)
        var instances = List.of(instance("a", "i", "u1"), instance("b", "i", "u2"));
        var records = List.of(record("b", "i", "u2", "x"), record("a", "i", "u1", "y", "z"));
        var nss = Map.of("a", ns("a", "sim-1"), "b", ns("b", "sim-2"));
        var all = TemplatePlacement.desired(List.of(cluster("sim-1"), cluster("sim-2")), instances, records, nss);
        for (String c : List.of("sim-1", "sim-2")) {
            assertThat(TemplatePlacement.desired(List.of(cluster(c)), instances, records, nss)).isEqualTo(Map.of(c, all.get(c)));
        }
        assertThat(new TemplatePlacement().perCluster()).isTrue();
    }

    @Test
    void anAnswerForSomeNamespacesAgreesWithTheWholeAnswer() {
        ObjectNode deletingNs = ns("e", "sim-1");
        deletingNs.with("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z");
        var view = new dev.canopy.server.fleet.ListView()
                .with(dev.canopy.api.kiosk.TemplateKinds.TEMPLATE_INSTANCES, List.of(instance("a", "i", "u1"), instance("a", "j", "u2"),
                        instance("b", "i", "u3"), instance("e", "i", "u5"), instance("f", "i", "u6")))
                .with(RenderedTemplates.RESOURCE, List.of(record("a", "i", "u1", "x", "y"), record("a", "j", "u2", "z"), record("b", "i", "u3", "w"),
                        record("b", "old", "u0", "v"), record("e", "i", "u5", "e"), record("f", "i", "u6", "f")))
                .with(TemplatePlacement.NAMESPACES, List.of(ns("a", "sim-1"), ns("b", "sim-2"), deletingNs, ns("f", null)));
        var clusters = List.of(cluster("sim-1"), cluster("sim-2"));
        var source = new TemplatePlacement();
        for (var namespaces : List.of(java.util.Set.of("a"), java.util.Set.of("b"), java.util.Set.of("a", "e", "f"), java.util.Set.of("nothing"))) {
            dev.canopy.server.fleet.ListView.assertPartialAgrees(source, clusters, view, namespaces);
        }
        assertThat(names(source.desired(clusters, view, java.util.Set.of("a")))).isEqualTo(Map.of("sim-1", List.of("a/x", "a/y", "a/z"), "sim-2", List.of()));
        assertThat(source.touched(TemplatePlacement.NAMESPACES, null, ns("a", "sim-1"))).containsExactly("a");
        assertThat(source.touched(RenderedTemplates.RESOURCE, record("a", "i", "u1"), null)).containsExactly("a");
        assertThat(source.touched(dev.canopy.api.kiosk.TemplateKinds.TEMPLATE_INSTANCES, null, instance("b", "i", "u1"))).containsExactly("b");
    }
}
