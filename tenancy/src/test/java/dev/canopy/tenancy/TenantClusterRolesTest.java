package dev.canopy.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TenantClusterRolesTest {

    static Stream<Arguments> roles() {
        return Stream.of(
                Arguments.of(TenantRole.VIEW, "canopy:tenant:view", 3),
                Arguments.of(TenantRole.USE, "canopy:tenant:use", 4),
                Arguments.of(TenantRole.ADMIN, "canopy:tenant:admin", 6),
                Arguments.of(TenantRole.SUPER_ADMIN, "canopy:tenant:super-admin", 8));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("roles")
    void clusterRolesAreNamedAndCarryTheirRules(TenantRole role, String name, int rules) {
        assertThat(role.clusterRole()).isEqualTo(name);
        assertThat(TenantRole.ofClusterRole(name)).contains(role);
        ClusterRole cr = TenantClusterRoles.clusterRoles().get(role.ordinal());
        assertThat(cr.getMetadata().getName()).isEqualTo(name);
        assertThat(cr.getRules()).hasSize(rules);
        assertThat(cr.getRules()).allSatisfy(r -> assertThat(r.getVerbs()).isNotEmpty());
    }

    static Stream<Arguments> matrix() {
        // resource, group, verb, lowest role allowed (null = none of the four)
        return Stream.of(
                Arguments.of("tenants", "tenancy.canopy.dev", "get", TenantRole.VIEW),
                Arguments.of("tenants", "apps.cozystack.io", "create", TenantRole.SUPER_ADMIN),
                Arguments.of("tenants/status", "tenancy.canopy.dev", "update", null),
                Arguments.of("postgreses", "apps.canopy.dev", "list", TenantRole.VIEW),
                Arguments.of("kuberneteses", "apps.canopy.dev", "delete", TenantRole.ADMIN),
                Arguments.of("postgreses", "apps.cozystack.io", "patch", TenantRole.ADMIN),
                Arguments.of("etcds", "apps.canopy.dev", "create", TenantRole.SUPER_ADMIN),
                Arguments.of("monitorings", "apps.canopy.dev", "watch", TenantRole.VIEW),
                Arguments.of("ingresses", "apps.canopy.dev", "deletecollection", TenantRole.SUPER_ADMIN),
                Arguments.of("secrets", "", "get", TenantRole.USE),
                Arguments.of("secrets", "", "create", TenantRole.ADMIN),
                Arguments.of("configmaps", "", "list", TenantRole.VIEW),
                Arguments.of("rolebindings", "rbac.authorization.k8s.io", "create", null));
    }

    @ParameterizedTest(name = "{2} {1}/{0}: from {3}")
    @MethodSource("matrix")
    void eachLevelAddsToTheOneBelow(String resource, String group, String verb, TenantRole lowest) {
        for (TenantRole r : List.of(TenantRole.values())) {
            boolean expected = lowest != null && r.includes(lowest);
            assertThat(TenantClusterRoles.allows(r, verb, group, resource)).as(r + " " + verb + " " + resource).isEqualTo(expected);
        }
    }
}
