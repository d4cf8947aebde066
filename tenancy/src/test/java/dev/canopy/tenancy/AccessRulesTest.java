package dev.canopy.tenancy;

import static dev.canopy.tenancy.Fixtures.tenant;
import static dev.canopy.tenancy.TenantRole.ADMIN;
import static dev.canopy.tenancy.TenantRole.SUPER_ADMIN;
import static dev.canopy.tenancy.TenantRole.USE;
import static dev.canopy.tenancy.TenantRole.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessRulesTest {

    /** root ─ foo ─ bar ─ baz; root ─ qux. */
    static final AccessRules RULES = new AccessRules(TenantTree.of("example.org", List.of(
            tenant("tenant-root", "foo"), tenant("tenant-foo", "bar"), tenant("tenant-foo-bar", "baz"), tenant("tenant-root", "qux"))));

    static final Map<String, TenantRole> ALICE = Map.of("tenant-foo", ADMIN);
    static final Map<String, TenantRole> BOB = Map.of("tenant-root", VIEW);
    static final Map<String, TenantRole> CAROL = Map.of("tenant-foo", SUPER_ADMIN);
    static final Map<String, TenantRole> DAVE = Map.of("tenant-foo", VIEW, "tenant-foo-bar", USE);

    static final String APPS = "apps.canopy.dev", COZY = "apps.cozystack.io", TENANCY = "tenancy.canopy.dev";

    static Stream<Arguments> effective() {
        return Stream.of(
                Arguments.of("alice", ALICE, "tenant-foo", ADMIN),
                Arguments.of("alice", ALICE, "tenant-foo-bar-baz", ADMIN),      // flows down
                Arguments.of("alice", ALICE, "tenant-root", null),               // not up
                Arguments.of("alice", ALICE, "tenant-qux", null),                // not sideways
                Arguments.of("bob", BOB, "tenant-qux", VIEW),
                Arguments.of("dave", DAVE, "tenant-foo", VIEW),
                Arguments.of("dave", DAVE, "tenant-foo-bar-baz", USE),           // the highest on the path wins
                Arguments.of("bob", BOB, "default", null));                      // not a tenant namespace
    }

    @ParameterizedTest(name = "{0} in {2}: {3}")
    @MethodSource("effective")
    void effectiveRoleFlowsDownOnly(String user, Map<String, TenantRole> grants, String ns, TenantRole expected) {
        assertThat(RULES.effectiveRole(grants, ns).orElse(null)).isEqualTo(expected);
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("alice", ALICE, "get", APPS, "postgreses", "tenant-foo-bar", "db1", true),
                Arguments.of("alice", ALICE, "create", APPS, "postgreses", "tenant-foo-bar", null, true),
                Arguments.of("alice", ALICE, "create", COZY, "kuberneteses", "tenant-foo", null, true),       // Cozystack's group too
                Arguments.of("alice", ALICE, "create", APPS, "etcds", "tenant-foo", null, false),             // services: super-admin only
                Arguments.of("alice", ALICE, "patch", APPS, "ingresses", "tenant-foo-bar", "ingress", false),
                Arguments.of("alice", ALICE, "create", TENANCY, "tenants", "tenant-foo", null, false),        // child tenants: super-admin only
                Arguments.of("alice", ALICE, "get", "", "secrets", "tenant-foo", "db1-credentials", true),   // admin ⊃ use
                Arguments.of("alice", ALICE, "get", APPS, "postgreses", "tenant-qux", "db1", false),          // sibling subtree
                Arguments.of("alice", ALICE, "get", APPS, "postgreses", "tenant-root", "db1", false),         // ancestor
                Arguments.of("alice", ALICE, "get", TENANCY, "tenants", "tenant-root", "foo", true),          // own Tenant object
                Arguments.of("alice", ALICE, "get", COZY, "tenants", "tenant-root", "foo", true),
                Arguments.of("alice", ALICE, "get", TENANCY, "tenants", "tenant-root", "qux", false),         // ancestor's other child
                Arguments.of("alice", ALICE, "get", TENANCY, "tenants", "tenant-root", "root", false),        // the ancestor itself
                Arguments.of("alice", ALICE, "list", TENANCY, "tenants", "tenant-root", null, false),
                Arguments.of("alice", ALICE, "update", TENANCY, "tenants", "tenant-root", "foo", false),      // no raising one's own quota
                Arguments.of("alice", ALICE, "list", TENANCY, "tenants", "tenant-foo", null, true),
                Arguments.of("bob", BOB, "list", "", "configmaps", "tenant-foo-bar-baz", null, true),
                Arguments.of("bob", BOB, "get", "", "secrets", "tenant-foo", "x", false),                     // view: no secrets
                Arguments.of("bob", BOB, "delete", APPS, "postgreses", "tenant-foo", "db1", false),
                Arguments.of("bob", BOB, "get", APPS, "kuberneteses/status", "tenant-qux", "k1", true),
                Arguments.of("carol", CAROL, "create", TENANCY, "tenants", "tenant-foo", null, true),
                Arguments.of("carol", CAROL, "delete", TENANCY, "tenants", "tenant-foo-bar", "baz", true),
                Arguments.of("carol", CAROL, "update", APPS, "etcds", "tenant-foo-bar", "etcd", true),
                Arguments.of("carol", CAROL, "delete", TENANCY, "tenants", "tenant-root", "foo", false),     // not its own tenant
                Arguments.of("carol", CAROL, "update", TENANCY, "tenants/status", "tenant-foo", "bar", false), // status is the controller's
                Arguments.of("dave", DAVE, "get", "", "secrets", "tenant-foo-bar-baz", "x", true),
                Arguments.of("dave", DAVE, "get", "", "secrets", "tenant-foo", "x", false),
                Arguments.of("carol", CAROL, "get", "", "secrets", "default", "x", false));                   // not a tenant namespace
    }

    @ParameterizedTest(name = "{0}: {2} {3}/{4} in {5} name={6}: {7}")
    @MethodSource("decisions")
    void decisions(String user, Map<String, TenantRole> grants, String verb, String group, String resource, String ns, String name, boolean allowed) {
        assertThat(RULES.allows(grants, verb, group, resource, ns, name)).isEqualTo(allowed);
    }

    static Stream<Arguments> visibility() {
        return Stream.of(
                Arguments.of("alice", ALICE, List.of("tenant-foo"), List.of("tenant-foo", "tenant-foo-bar", "tenant-foo-bar-baz")),
                Arguments.of("bob", BOB, List.of("tenant-root"),
                        List.of("tenant-root", "tenant-foo", "tenant-foo-bar", "tenant-foo-bar-baz", "tenant-qux")),
                Arguments.of("dave", DAVE, List.of("tenant-foo"), List.of("tenant-foo", "tenant-foo-bar", "tenant-foo-bar-baz")),
                Arguments.of("erin", Map.of("tenant-qux", USE, "tenant-foo-bar-baz", VIEW, "gone", ADMIN),
                        List.of("tenant-foo-bar-baz", "tenant-qux"), List.of("tenant-foo-bar-baz", "tenant-qux")),
                Arguments.of("nobody", Map.of(), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0} sees {3}")
    @MethodSource("visibility")
    void visibleNamespacesAreTheSubtreesOfTheGrants(String user, Map<String, TenantRole> grants, List<String> tops, List<String> visible) {
        assertThat(RULES.topGrants(grants)).isEqualTo(tops);
        assertThat(RULES.visibleNamespaces(grants)).containsExactlyInAnyOrderElementsOf(visible);
        for (String ns : visible) assertThat(RULES.canSeeNamespace(grants, ns)).isTrue();
    }

    static Stream<Arguments> tenantObjects() {
        return Stream.of(
                // Tenant objects listed with `kubectl get tenants -A`: (namespace it lives in, name)
                Arguments.of(ALICE, "tenant-root", "foo", true),
                Arguments.of(ALICE, "tenant-foo", "bar", true),
                Arguments.of(ALICE, "tenant-root", "qux", false),
                Arguments.of(ALICE, "tenant-root", "root", false),
                Arguments.of(BOB, "tenant-root", "root", true));
    }

    @ParameterizedTest(name = "{0} sees Tenant {1}/{2}: {3}")
    @MethodSource("tenantObjects")
    void tenantObjectVisibility(Map<String, TenantRole> grants, String ns, String name, boolean visible) {
        assertThat(RULES.canSeeTenantObject(grants, ns, name)).isEqualTo(visible);
    }

    static Stream<Arguments> inclusion() {
        return Stream.of(
                Arguments.of(VIEW, VIEW, true), Arguments.of(USE, VIEW, true), Arguments.of(ADMIN, USE, true),
                Arguments.of(SUPER_ADMIN, ADMIN, true), Arguments.of(VIEW, USE, false), Arguments.of(ADMIN, SUPER_ADMIN, false));
    }

    @ParameterizedTest(name = "{0} includes {1}: {2}")
    @MethodSource("inclusion")
    void rolesIncludeTheLowerOnes(TenantRole a, TenantRole b, boolean includes) {
        assertThat(a.includes(b)).isEqualTo(includes);
        if (includes) {
            for (TenantClusterRoles.Rule r : TenantClusterRoles.rules(b)) assertThat(TenantClusterRoles.rules(a)).contains(r);
        }
    }

    /** At 10,000 tenants (depth 6) and 1,000 users decisions still follow the tree (speed: `canopy bench tenants`). */
    @Test
    void decisionsAtScaleFollowTheTree() {
        TenantTree tree = TenantTree.of("example.org", Scale.tenants(10_000, 6));
        AccessRules rules = new AccessRules(tree);
        List<String> all = new ArrayList<>(tree.namespaces());
        all.sort(null);
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String granted = all.get(rnd.nextInt(all.size()));
            String ns = all.get(rnd.nextInt(all.size()));
            Map<String, TenantRole> g = Map.of(granted, TenantRole.ADMIN);
            // an admin grant holds exactly in the granted tenant and its descendants
            assertThat(rules.allows(g, "create", "apps.canopy.dev", "postgreses", ns, null))
                    .as("admin of %s creating an app in %s", granted, ns).isEqualTo(tree.isAncestorOrSelf(granted, ns));
        }
    }
}
