package dev.canopy.server.fleet;

import static dev.canopy.server.fleet.PlacementTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Cluster changes start a hub pass: anything but the status (and the store's bookkeeping). */
class HubCacheTest {
    static final String BEFORE = """
            metadata: {name: c1, resourceVersion: '7', labels: {env: dev}, annotations: {a: '1'}}
            spec: {connection: {mode: Agent}}
            status: {nodeCount: 3, conditions: [{type: Ready, status: 'True'}]}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            status only                   | metadata: {name: c1, resourceVersion: '8', labels: {env: dev}, annotations: {a: '1'}}\\nspec: {connection: {mode: Agent}}\\nstatus: {nodeCount: 4}                                  | true
            status removed                | metadata: {name: c1, resourceVersion: '8', labels: {env: dev}, annotations: {a: '1'}}\\nspec: {connection: {mode: Agent}}                                                          | true
            a label changed               | metadata: {name: c1, resourceVersion: '8', labels: {env: prod}, annotations: {a: '1'}}\\nspec: {connection: {mode: Agent}}\\nstatus: {nodeCount: 3}                                | false
            a label removed               | metadata: {name: c1, resourceVersion: '8', annotations: {a: '1'}}\\nspec: {connection: {mode: Agent}}\\nstatus: {nodeCount: 3}                                                     | false
            an annotation added           | metadata: {name: c1, resourceVersion: '8', labels: {env: dev}, annotations: {a: '1', b: '2'}}\\nspec: {connection: {mode: Agent}}\\nstatus: {nodeCount: 3}                     | false
            being deleted                 | metadata: {name: c1, resourceVersion: '8', labels: {env: dev}, annotations: {a: '1'}, deletionTimestamp: '2026-01-01T00:00:00Z'}\\nspec: {connection: {mode: Agent}}       | false
            spec changed                  | metadata: {name: c1, resourceVersion: '8', labels: {env: dev}, annotations: {a: '1'}}\\nspec: {connection: {mode: Hosted}}                                                         | false
            spec removed                  | metadata: {name: c1, resourceVersion: '8', labels: {env: dev}, annotations: {a: '1'}}\\nstatus: {nodeCount: 3}                                                                   | false
            """)
    void onlyStatusAndBookkeepingChangesAreIgnored(String what, String after, boolean same) {
        ObjectNode a = yaml(after.replace("\\n", "\n"));
        assertThat(HubCache.sameButStatus(yaml(BEFORE), a)).as(what).isEqualTo(same);
    }

    @Test
    void changesNameTheClustersAndNamespacesOrAskForAWholePass() {
        HubCache cache = new HubCache(null, null, java.util.List.of(), false, (r, before, after) -> null, () -> { });
        assertThat(cache.takeChanges().all()).as("the first pass is whole").isTrue();
        assertThat(cache.takeChanges().none()).isTrue();
        cache.clusterChanged("a");
        cache.clusterChanged("b");
        cache.namespacesChanged(java.util.Set.of("n1"));
        cache.namespacesChanged(java.util.Set.of("n2", "n1"));
        var c = cache.takeChanges();
        assertThat(c.all()).isFalse();
        assertThat(c.clusters()).containsExactlyInAnyOrder("a", "b");
        assertThat(c.namespaces()).containsExactlyInAnyOrder("n1", "n2");
        cache.clusterChanged("a");
        cache.namespacesChanged(null);   // a removed Cluster, an AccountQuota…
        cache.clusterChanged("c");
        cache.namespacesChanged(java.util.Set.of("n3"));
        assertThat(cache.takeChanges()).as("a change no source can place").isEqualTo(new HubCache.Changes(true, java.util.Set.of(), java.util.Set.of()));
        java.util.Set<String> many = new java.util.HashSet<>();
        for (int i = 0; i <= HubCache.MAX_NAMESPACES; i++) many.add("n" + i);
        cache.namespacesChanged(many);
        assertThat(cache.takeChanges().all()).as("more namespaces than a whole pass costs").isTrue();
    }
}
