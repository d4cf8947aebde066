package dev.canopy.server.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SpaceController's pure steps, as tables. */
class SpaceStepsTest {
    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    static final ObjectNode ACCOUNT = yaml("metadata: {name: acc}\nspec: {space: {clusterRole: kiosk-space-admin, spaceTemplate: {metadata: {labels: {tier: gold}}}}, subjects: [{kind: User, name: john}]}\n");
    static final String LABELS = "{tenancy.canopy.dev/account: acc, kiosk.sh/account: acc, tenancy.canopy.dev/cluster: c1";

    @Test
    void metadataFollowsTheAccountTemplate() {
        ObjectNode space = yaml("metadata: {name: s, uid: u1, labels: " + LABELS + ", tier: bronze}}\nspec: {account: acc, cluster: c1}\n");
        ObjectNode next = SpaceMetadataStep.space(space, ACCOUNT);
        assertThat(next.at("/metadata/labels/tier").asText()).isEqualTo("gold");
        assertThat(SpaceMetadataStep.space(next, ACCOUNT)).as("settled").isNull();
        assertThat(SpaceMetadataStep.space(space, null)).as("orphaned: left alone").isNull();
    }

    @Test
    void namespaceGetsTheSpaceLabels() {
        ObjectNode space = yaml("metadata: {name: s, uid: u1, labels: " + LABELS + ", tier: gold}, annotations: {kubectl.kubernetes.io/last-applied-configuration: '{}', a: b}}\n");
        ObjectNode ns = yaml("metadata: {name: s, labels: {kubernetes.io/metadata.name: s, keep: me}}\n");
        ObjectNode next = SpaceMetadataStep.namespace(ns, space);
        assertThat(next.at("/metadata/labels/tier").asText()).isEqualTo("gold");
        assertThat(next.at("/metadata/labels/keep").asText()).isEqualTo("me");
        assertThat(next.at("/metadata/annotations/a").asText()).isEqualTo("b");
        assertThat(next.at("/metadata/annotations").has("kubectl.kubernetes.io/last-applied-configuration")).isFalse();
        assertThat(SpaceMetadataStep.namespace(next, space)).as("settled").isNull();
    }

    @Test
    void bindingPlans() {
        ObjectNode want = dev.canopy.tenancy.kiosk.SpaceRules.ownersBinding(ACCOUNT, "s").orElseThrow();
        assertThat(SpaceBindingStep.plan(ACCOUNT, "s", null)).isInstanceOf(SpaceBindingStep.Put.class);
        assertThat(SpaceBindingStep.plan(ACCOUNT, "s", want)).isInstanceOf(SpaceBindingStep.Keep.class);
        ObjectNode otherRole = want.deepCopy();
        otherRole.with("roleRef").put("name", "admin");
        assertThat(SpaceBindingStep.plan(ACCOUNT, "s", otherRole)).isInstanceOf(SpaceBindingStep.Replace.class);
        ObjectNode otherSubjects = want.deepCopy();
        otherSubjects.putArray("subjects").addObject().put("kind", "User").put("name", "mary");
        assertThat(SpaceBindingStep.plan(ACCOUNT, "s", otherSubjects)).isInstanceOfSatisfying(SpaceBindingStep.Put.class,
                p -> assertThat(p.binding().at("/subjects/0/name").asText()).isEqualTo("john"));
        ObjectNode noRole = yaml("metadata: {name: acc}\nspec: {space: {clusterRole: ''}, subjects: [{kind: User, name: john}]}\n");
        assertThat(SpaceBindingStep.plan(noRole, "s", want)).isInstanceOf(SpaceBindingStep.Delete.class);
        assertThat(SpaceBindingStep.plan(noRole, "s", null)).isInstanceOf(SpaceBindingStep.Keep.class);
        assertThat(SpaceBindingStep.plan(null, "s", want)).as("orphaned space keeps its binding").isInstanceOf(SpaceBindingStep.Keep.class);
    }

    @Test
    void phaseIsTheNamespaces() {
        ObjectNode space = yaml("metadata: {name: s}\nstatus: {phase: Active}\n");
        assertThat(SpaceStatusStep.phase(space, yaml("metadata: {name: s}\nstatus: {phase: Active}\n"))).isNull();
        assertThat(SpaceStatusStep.phase(space, yaml("metadata: {name: s, deletionTimestamp: '2026-01-01T00:00:00Z'}\nstatus: {phase: Active}\n"))).isEqualTo("Terminating");
        assertThat(SpaceStatusStep.phase(yaml("metadata: {name: s}\n"), yaml("metadata: {name: s}\n"))).isEqualTo("Active");
    }
}
