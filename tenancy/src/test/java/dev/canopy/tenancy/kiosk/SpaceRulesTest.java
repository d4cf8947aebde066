package dev.canopy.tenancy.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpaceRulesTest {
    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    static ObjectNode cluster(String name, boolean ready, String env) {
        return yaml("metadata: {name: " + name + ", labels: {env: " + env + "}}\nstatus: {conditions: [{type: Ready, status: '" + (ready ? "True" : "False") + "'}]}\n");
    }

    static final ObjectNode PLAIN = yaml("metadata: {name: acc}\nspec: {}\n");

    @Test
    void limitIsCountAtOrAboveLimit() {
        ObjectNode two = yaml("metadata: {name: acc}\nspec: {space: {limit: 2}}\n");
        assertThat(SpaceRules.limitReached(two, 1)).isEmpty();
        assertThat(SpaceRules.limitReached(two, 2)).get().satisfies(e -> {
            assertThat(e.code()).isEqualTo(403);
            assertThat(e.getMessage()).isEqualTo("space limit of 2 reached for account acc");
        });
        assertThat(SpaceRules.limitReached(yaml("metadata: {name: acc}\nspec: {space: {limit: 0}}\n"), 0)).isPresent();
        assertThat(SpaceRules.limitReached(PLAIN, 10_000)).isEmpty();
    }

    @Test
    void clusterChoice() {
        List<ObjectNode> one = List.of(cluster("a", true, "dev"), cluster("b", false, "prod"));
        List<ObjectNode> two = List.of(cluster("a", true, "dev"), cluster("b", true, "prod"));
        ObjectNode pinned = yaml("metadata: {name: acc}\nspec: {space: {cluster: b}}\n");
        ObjectNode selecting = yaml("metadata: {name: acc}\nspec: {space: {clusterSelector: {matchLabels: {env: prod}}}}\n");
        // table: requested, account, clusters → chosen
        assertThat(SpaceRules.chooseCluster("s", "b", PLAIN, one)).isEqualTo("b");       // named, even if not Ready
        assertThat(SpaceRules.chooseCluster("s", "", pinned, two)).isEqualTo("b");       // the account's cluster
        assertThat(SpaceRules.chooseCluster("s", null, selecting, two)).isEqualTo("b");  // the selector's Ready match
        assertThat(SpaceRules.chooseCluster("s", "", PLAIN, one)).isEqualTo("a");        // the only Ready cluster
        assertThat(SpaceRules.chooseCluster("s", "a", selecting, two)).isEqualTo("a");   // the Space's own choice wins
        // Ready (usable, even while Synced is False) counts; Connected with a failed apply does not
        ObjectNode syncing = yaml("metadata: {name: c}\nstatus: {conditions: [{type: Connected, status: 'True'}, {type: Ready, status: 'True'}, {type: Synced, status: 'False', reason: Applying}]}\n");
        ObjectNode failing = yaml("metadata: {name: d}\nstatus: {conditions: [{type: Connected, status: 'True'}, {type: Ready, status: 'False', reason: ApplyFailed}]}\n");
        assertThat(SpaceRules.chooseCluster("s", "", PLAIN, List.of(syncing, failing))).isEqualTo("c");
    }

    @Test
    void clusterChoiceRefusalsNameTheField() {
        List<ObjectNode> two = List.of(cluster("a", true, "dev"), cluster("b", true, "prod"));
        ObjectNode selecting = yaml("metadata: {name: acc}\nspec: {space: {clusterSelector: {matchLabels: {env: qa}}}}\n");
        for (var c : List.<Runnable>of(
                () -> SpaceRules.chooseCluster("s", "zzz", PLAIN, two),
                () -> SpaceRules.chooseCluster("s", "", PLAIN, two),
                () -> SpaceRules.chooseCluster("s", "", PLAIN, List.of()),
                () -> SpaceRules.chooseCluster("s", "", selecting, two))) {
            assertThatThrownBy(c::run).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.code()).isEqualTo(422);
                assertThat(e.causes()).extracting(f -> f.field()).containsExactly("spec.cluster");
            });
        }
        assertThatThrownBy(() -> SpaceRules.chooseCluster("s", "", PLAIN, two)).hasMessageContaining("2 clusters are Ready [a, b]");
        assertThatThrownBy(() -> SpaceRules.chooseCluster("s", "", PLAIN, List.of())).hasMessageContaining("no cluster is registered");
    }

    @Test
    void labelsTemplateOverOwnAndAccountLabelsOverAll() {
        ObjectNode acc = yaml("metadata: {name: acc}\nspec: {space: {spaceTemplate: {metadata: {labels: {team: a, tier: gold}, annotations: {x: '1'}}}}}\n");
        assertThat(SpaceRules.labels(acc, Map.of("tier", "bronze", "mine", "y", "kiosk.sh/account", "forged"), "c1")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "team", "a", "tier", "gold", "mine", "y", "kiosk.sh/account", "acc", "tenancy.canopy.dev/account", "acc", "tenancy.canopy.dev/cluster", "c1"));
        assertThat(SpaceRules.annotations(acc, Map.of("y", "2"))).containsExactlyInAnyOrderEntriesOf(Map.of("x", "1", "y", "2"));
    }

    @Test
    void ownersBindingFollowsClusterRole() {
        ObjectNode dflt = yaml("metadata: {name: acc}\nspec: {subjects: [{kind: User, name: john, apiGroup: rbac.authorization.k8s.io}, {kind: ServiceAccount, name: sa, namespace: kiosk}]}\n");
        ObjectNode rb = SpaceRules.ownersBinding(dflt, "ns").orElseThrow();
        assertThat(rb.at("/roleRef/name").asText()).isEqualTo("admin");
        assertThat(rb.at("/metadata/namespace").asText()).isEqualTo("ns");
        assertThat(rb.at("/subjects/1").toString()).isEqualTo("{\"kind\":\"ServiceAccount\",\"name\":\"sa\",\"namespace\":\"kiosk\"}");
        ObjectNode none = yaml("metadata: {name: acc}\nspec: {space: {clusterRole: ''}, subjects: [{kind: User, name: john}]}\n");
        assertThat(SpaceRules.ownersBinding(none, "ns")).isEmpty();
        ObjectNode nobody = yaml("metadata: {name: acc}\nspec: {space: {clusterRole: edit}}\n");
        assertThat(SpaceRules.ownersBinding(nobody, "ns")).isEmpty();
    }

    @Test
    void templateInstancesAreNamedAfterTheirTemplateUnlessNamed() {
        ObjectNode acc = yaml("metadata: {name: acc}\nspec: {space: {templateInstances: [{spec: {template: restrictions}}, {metadata: {name: mine}, spec: {template: redis, sync: true}}]}}\n");
        List<ObjectNode> tis = SpaceRules.templateInstances(acc, "ns");
        assertThat(tis).extracting(t -> t.at("/metadata/name").asText() + "@" + t.at("/metadata/namespace").asText() + ":" + t.at("/spec/template").asText())
                .containsExactly("restrictions@ns:restrictions", "mine@ns:redis");
        assertThat(tis.get(1).at("/kind").asText()).isEqualTo("TemplateInstance");
    }
}
