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
    void changesNameTheClustersOrAskForAFullPass() {
        HubCache cache = new HubCache(null, null, java.util.List.of(), false, () -> { });
        assertThat(cache.takeChanges()).as("the first pass is full").isEmpty();
        assertThat(cache.takeChanges()).contains(java.util.Set.of());
        cache.changed("a");
        cache.changed("b");
        cache.changed("a");
        assertThat(cache.takeChanges()).contains(java.util.Set.of("a", "b"));
        cache.changed("a");
        cache.changed(null);   // a Tenant, a Namespace, a removed Cluster…
        cache.changed("c");
        assertThat(cache.takeChanges()).as("anything but a Cluster change").isEmpty();
    }
}
