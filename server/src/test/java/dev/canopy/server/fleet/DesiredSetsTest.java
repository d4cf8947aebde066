package dev.canopy.server.fleet;

import static dev.canopy.server.fleet.PlacementTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FrozenJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hub's bookkeeping: keys group a namespace's objects, a partial pass removes only in its namespaces, equal objects are adopted. */
class DesiredSetsTest {
    static ObjectNode o(String kind, String ns, String name) {
        return yaml("kind: " + kind + "\nmetadata: {name: " + name + (ns == null ? "" : ", namespace: " + ns) + "}\n");
    }

    static ClusterState published(ObjectNode... objects) {
        ClusterState s = new ClusterState();
        for (ObjectNode x : objects) s.desired.put(DesiredSets.key(x), FrozenJson.freeze(x));
        return s;
    }

    @Test
    void aNamespacesObjectsAreOneRangeOfKeys() {
        ClusterState s = published(o("Namespace", null, "a"), o("RoleBinding", "a", "owners"), o("Namespace", null, "a-b"),
                o("ConfigMap", "a-b", "x"), o("ClusterRole", null, "admin"), o("Namespace", null, "b"));
        Map<String, ObjectNode> none = Map.of();
        assertThat(DesiredSets.gone(s, none, Set.of("a"))).extracting(k -> k.substring(k.indexOf('\0') + 1))
                .containsExactlyInAnyOrder("Namespace//a", "RoleBinding/a/owners");
        assertThat(DesiredSets.gone(s, none, Set.of("a-b", "missing"))).hasSize(2);
        assertThat(DesiredSets.gone(s, none, null)).as("a whole pass").hasSize(6);
        Map<String, ObjectNode> keep = new HashMap<>();
        keep.put(DesiredSets.key(o("Namespace", null, "a")), o("Namespace", null, "a"));
        assertThat(DesiredSets.gone(s, keep, Set.of("a"))).extracting(k -> k.substring(k.indexOf('\0') + 1)).containsExactly("RoleBinding/a/owners");
    }

    @Test
    void changedObjectsAreReturnedAndRecorded_equalOnesAdoptedWithoutBeingSent() {
        ObjectNode ns = o("Namespace", null, "a");
        ClusterState s = published(ns);
        String k = DesiredSets.key(ns);
        ObjectNode equalNew = FrozenJson.freeze(o("Namespace", null, "a"));
        assertThat(DesiredSets.changed(s, Map.of(k, equalNew))).isEmpty();
        assertThat(s.desired.get(k)).as("adopted: the next pass compares by identity").isSameAs(equalNew);
        ObjectNode labelled = yaml("kind: Namespace\nmetadata: {name: a, labels: {x: y}}\n");
        List<ObjectNode> up = DesiredSets.changed(s, Map.of(k, labelled));
        assertThat(up).containsExactly(labelled);
        assertThat(FrozenJson.isFrozen(s.desired.get(k))).isTrue();
        assertThat(s.desired.get(k)).isEqualTo(labelled);
    }

    @Test
    void theFirstSourceWinsASharedKey() {
        ObjectNode fromA = yaml("kind: Namespace\nmetadata: {name: a, labels: {from: first}}\n");
        ObjectNode fromB = yaml("kind: Namespace\nmetadata: {name: a, labels: {from: second}}\n");
        DesiredObjects a = source(fromA), b = source(fromB);
        var merged = new DesiredSets(List.of(a, b)).merge(List.of(yaml("metadata: {name: c1}\n")), new ListView(), (src, view) -> src.desired(List.of(), view));
        assertThat(merged.get("c1").values()).containsExactly(fromA);
    }

    private static DesiredObjects source(ObjectNode object) {
        return new DesiredObjects() {
            @Override public List<String> watches() { return List.of(); }
            @Override public Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view) { return Map.of("c1", List.of(object)); }
        };
    }
}
