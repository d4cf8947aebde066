package dev.canopy.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.server.controllers.NamespaceLifecycle;
import dev.canopy.tenancy.TenantTree;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The tenant controller's pure steps: what the namespace and the status should become, given what is stored. */
class TenantStepsTest {
    private static final ObjectNode FOO = yaml("""
            apiVersion: tenancy.canopy.dev/v1alpha1
            kind: Tenant
            metadata: {name: foo, namespace: tenant-root, generation: 3, resourceVersion: "7"}
            spec: {}
            """);
    private static final TenantTree TREE = TenantTree.of("example.org", List.of(FOO));

    private static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void theNamespaceStepCreatesRepairsOrWaits() {
        ObjectNode created = TenantNamespaceStep.decide(null, TREE, "tenant-foo").desired();
        record Case(String name, UnaryOperator<ObjectNode> stored, boolean writes, String problem) {}
        List<Case> cases = List.of(
                new Case("as desired: nothing to write", n -> n, false, null),
                new Case("a tree label removed: put back, the user's label kept", n -> {
                    ObjectNode labels = (ObjectNode) n.path("metadata").path("labels");
                    labels.remove("tenant-root" + TenantNamespaceStep.TREE_LABEL_SUFFIX);
                    labels.put("team", "blue");
                    return n;
                }, true, null),
                new Case("terminating: wait until it is gone", n -> {
                    Objects.metadata(n).put("deletionTimestamp", "2026-11-23T00:00:00Z");
                    return n;
                }, false, "namespace tenant-foo is being deleted; it will be created again once it is gone"));
        for (Case c : cases) {
            ObjectNode stored = c.stored().apply(created.deepCopy());
            var r = TenantNamespaceStep.decide(stored, TREE, "tenant-foo");
            assertThat(r.desired() != null).as(c.name()).isEqualTo(c.writes());
            assertThat(r.problem()).as(c.name()).isEqualTo(c.problem());
            if (r.desired() != null) {
                assertThat(Objects.labels(r.desired())).as(c.name()).containsEntry("team", "blue")
                        .containsEntry("tenant-root" + TenantNamespaceStep.TREE_LABEL_SUFFIX, "1");
            }
        }
    }

    @Test
    void aMissingNamespaceIsCreatedLabelledActiveAndFinalized() {
        var r = TenantNamespaceStep.decide(null, TREE, "tenant-foo");
        assertThat(r.problem()).isNull();
        ObjectNode ns = r.desired();
        assertThat(Objects.name(ns)).isEqualTo("tenant-foo");
        assertThat(Objects.labels(ns)).containsEntry(TenantController.TENANT_LABEL, "foo")
                .containsEntry(TenantController.PARENT_LABEL, "tenant-root")
                .containsEntry("tenant-foo" + TenantNamespaceStep.TREE_LABEL_SUFFIX, "0")
                .containsEntry("tenant-root" + TenantNamespaceStep.TREE_LABEL_SUFFIX, "1");
        assertThat(Objects.finalizers(ns)).containsExactly(NamespaceLifecycle.FINALIZER);
        assertThat(ns.path("status").path("phase").asText()).isEqualTo("Active");
    }

    @Test
    void theStatusStepWritesOnlyWhatChanged() {
        Map<String, BigDecimal> used = Map.of();
        ObjectNode status = TenantStatusStep.decide(FOO, TREE, "tenant-foo", used, null);
        assertThat(status).isNotNull();
        assertThat(status.path("namespace").asText()).isEqualTo("tenant-foo");
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(3);
        ObjectNode stored = FOO.deepCopy();
        stored.set("status", status);
        assertThat(TenantStatusStep.decide(stored, TREE, "tenant-foo", used, null)).as("the same status again: no write").isNull();
        ObjectNode waiting = TenantStatusStep.decide(stored, TREE, "tenant-foo", used, "namespace tenant-foo is being deleted");
        assertThat(waiting).as("a namespace problem changes Ready").isNotNull();
        assertThat(waiting.path("conditions").get(0).path("reason").asText()).isEqualTo("NamespaceNotReady");
    }
}
