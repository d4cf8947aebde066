package dev.canopy.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ObjectRulesTest {
    @ParameterizedTest
    @CsvSource({
            "core/configmaps, configmaps",
            "tenancy.canopy.dev/tenants, tenants.tenancy.canopy.dev",
            "rbac.authorization.k8s.io/roles, roles.rbac.authorization.k8s.io",
    })
    void groupResourceIsHowKubernetesNamesAResource(String resource, String expected) {
        assertThat(ObjectRules.groupResource(resource)).isEqualTo(expected);
    }

    @Test
    void generationIgnoresMetadataAndStatus() {
        var a = Json.toObject(Map.of("metadata", Map.of("labels", Map.of("a", "b")), "spec", Map.of("x", 1), "status", Map.of("p", "q")));
        var b = Json.toObject(Map.of("metadata", Map.of(), "spec", Map.of("x", 1)));
        var c = Json.toObject(Map.of("metadata", Map.of(), "spec", Map.of("x", 2)));
        assertThat(ObjectRules.specChanged(a, b)).isFalse();
        assertThat(ObjectRules.specChanged(a, c)).isTrue();
    }

    @Test
    void malformedOwnerUidsStillCountAsOwners() {
        var o = Json.toObject(Map.of("metadata", Map.of("ownerReferences", List.of(
                Map.of("uid", "5b0c1d4e-8a51-4b4e-9d7c-0f1e2d3c4b5a"), Map.of("uid", "not-a-uuid")))));
        assertThat(ObjectRules.ownerUids(o)).hasSize(2).first().hasToString("5b0c1d4e-8a51-4b4e-9d7c-0f1e2d3c4b5a");
    }
}
