package dev.canopy.tenancy;

import static dev.canopy.tenancy.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.tenancy.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TenantTreeTest {

    /** root ─ foo ─ bar ─ baz; root ─ qux; foo ─ alpha. */
    static final TenantTree TREE = TenantTree.of("example.org", List.of(
            tenant("tenant-root", "foo"), tenant("tenant-foo", "bar"), tenant("tenant-foo-bar", "baz"),
            tenant("tenant-root", "qux"), tenant("tenant-foo", "alpha")));

    static Stream<Arguments> structure() {
        return Stream.of(
                // namespace, depth, parent, ancestors (root first), descendants (pre-order)
                Arguments.of("tenant-root", 0, null, List.of(),
                        List.of("tenant-foo", "tenant-foo-alpha", "tenant-foo-bar", "tenant-foo-bar-baz", "tenant-qux")),
                Arguments.of("tenant-foo", 1, "tenant-root", List.of("tenant-root"), List.of("tenant-foo-alpha", "tenant-foo-bar", "tenant-foo-bar-baz")),
                Arguments.of("tenant-foo-bar", 2, "tenant-foo", List.of("tenant-root", "tenant-foo"), List.of("tenant-foo-bar-baz")),
                Arguments.of("tenant-foo-bar-baz", 3, "tenant-foo-bar", List.of("tenant-root", "tenant-foo", "tenant-foo-bar"), List.of()),
                Arguments.of("tenant-qux", 1, "tenant-root", List.of("tenant-root"), List.of()),
                Arguments.of("default", -1, null, List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}: depth {1}, parent {2}")
    @MethodSource("structure")
    void structure(String ns, int depth, String parent, List<String> ancestors, List<String> descendants) {
        assertThat(TREE.depth(ns)).isEqualTo(depth);
        assertThat(TREE.parent(ns)).isEqualTo(parent);
        assertThat(TREE.ancestors(ns)).isEqualTo(ancestors);
        assertThat(TREE.descendants(ns)).isEqualTo(descendants);
    }

    static Stream<Arguments> ancestry() {
        return Stream.of(
                Arguments.of("tenant-root", "tenant-foo-bar-baz", true),
                Arguments.of("tenant-foo", "tenant-foo-bar", true),
                Arguments.of("tenant-foo", "tenant-foo", true),
                Arguments.of("tenant-foo-bar", "tenant-foo", false),     // nothing flows up
                Arguments.of("tenant-qux", "tenant-foo-bar", false),     // nor sideways
                Arguments.of("tenant-foo", "default", false));
    }

    @ParameterizedTest(name = "{0} is ancestor-or-self of {1}: {2}")
    @MethodSource("ancestry")
    void isAncestorOrSelf(String a, String b, boolean expected) {
        assertThat(TREE.isAncestorOrSelf(a, b)).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(tenant("default", "foo"), "metadata.namespace", "namespace \"default\" is not owned by any tenant"),
                Arguments.of(tenant("tenant-nope", "foo"), "metadata.namespace", "namespace \"tenant-nope\" is not owned by any tenant"),
                Arguments.of(tenant("", "foo"), "metadata.namespace", "created in its parent tenant's namespace"),
                Arguments.of(tenant("tenant-foo-bar-baz", "a".repeat(50)), "metadata.name", "would be 69 characters"));
    }

    @ParameterizedTest(name = "refused: {1} ({2})")
    @MethodSource("refused")
    void orphansAndOverlongNamesAreRefused(Tenant t, String field, String message) {
        assertThat(TREE.check(t)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.detail()).contains(message);
        });
        assertThatThrownBy(() -> TREE.with(t)).isInstanceOf(ApiException.class)
                .satisfies(x -> assertThat(((ApiException) x).code()).isEqualTo(422))
                .hasMessageContaining(message);
    }

    @Test
    void bulkLoadSkipsOrphansAndSaysWhy() {
        TenantTree t = TenantTree.of("example.org", List.of(tenant("tenant-root", "foo"), tenant("tenant-gone", "child")));
        assertThat(t.namespaces()).containsExactlyInAnyOrder("tenant-root", "tenant-foo");
        assertThat(t.rejected()).singleElement().satisfies(r -> {
            assertThat(r.namespace()).isEqualTo("tenant-gone");
            assertThat(r.reason()).contains("not owned by any tenant");
        });
    }

    @Test
    void withAndWithoutReturnNewSnapshotsAndLeaveTheOldOneAlone() {
        TenantTree added = TREE.with(tenant("tenant-qux", "beta"));
        assertThat(added.children("tenant-qux")).containsExactly("tenant-qux-beta");
        assertThat(added.domain("tenant-qux-beta")).isEqualTo("beta.qux.example.org");
        assertThat(TREE.contains("tenant-qux-beta")).isFalse();

        TenantTree removed = added.without("tenant-foo");   // the whole subtree goes
        assertThat(removed.namespaces()).containsExactlyInAnyOrder("tenant-root", "tenant-qux", "tenant-qux-beta");
        assertThat(removed.children("tenant-root")).containsExactly("tenant-qux");
        assertThat(added.contains("tenant-foo-bar-baz")).isTrue();
    }

    @Test
    void replacingATenantKeepsItsChildren() {
        TenantTree t = TREE.with(tenant("tenant-root", "foo", "foo.example.net", Map.of(), TenantService.ETCD));
        assertThat(t.descendants("tenant-foo")).hasSize(3);
        assertThat(t.domain("tenant-foo-bar-baz")).isEqualTo("baz.bar.foo.example.net");
        assertThat(t.serviceNamespace("tenant-foo-bar-baz", TenantService.ETCD)).isEqualTo("tenant-foo");
    }

    static Stream<Arguments> roots() {
        return Stream.of(
                // root object (or none), seed domain, root domain, foo's domain, who serves etcd to foo
                Arguments.of(null, "example.org", "example.org", "foo.example.org", "tenant-root"),
                Arguments.of(tenant("tenant-root", "root"), "example.org", "example.org", "foo.example.org", "tenant-root"),
                Arguments.of(tenant("tenant-root", "root", "cloud.example.com", Map.of()), "example.org", "cloud.example.com", "foo.cloud.example.com", "tenant-root"),
                Arguments.of(new Tenant(null, null, new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("root").withNamespace("tenant-root").build(),
                        new Tenant.Spec(null, false, null, null, null, null, null), null), "example.org", "example.org", "foo.example.org", null));
    }

    @ParameterizedTest(name = "root object {0}")
    @MethodSource("roots")
    void theRootLivesInItsOwnNamespaceAndRunsEveryServiceUnlessTold(Tenant root, String seedDomain, String rootDomain, String fooDomain, String etcd) {
        List<Tenant> all = new ArrayList<>(List.of(tenant("tenant-root", "foo")));
        if (root != null) all.add(root);
        TenantTree t = TenantTree.of(seedDomain, all);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.domain("tenant-root")).isEqualTo(rootDomain);
        assertThat(t.domain("tenant-foo")).isEqualTo(fooDomain);
        assertThat(t.serviceNamespace("tenant-foo", TenantService.ETCD)).isEqualTo(etcd);
        assertThat(t.node("tenant-root").orElseThrow().declared()).isEqualTo(root != null);
    }

    @Test
    void acceptsTenantsAsObjectNodes() {
        ObjectNode o = (ObjectNode) Json.parseYaml("""
                apiVersion: apps.cozystack.io/v1alpha1
                kind: Tenant
                metadata: {name: foo, namespace: tenant-root}
                spec: {host: foo.example.net, etcd: true, resourceQuotas: {cpu: "4"}}
                """.getBytes());
        TenantTree t = TenantTree.empty("example.org").with(o);
        assertThat(t.domain("tenant-foo")).isEqualTo("foo.example.net");
        assertThat(t.node("tenant-foo").orElseThrow().resourceQuotas()).containsKey("cpu");
        assertThat(t.serviceNamespace("tenant-foo", TenantService.ETCD)).isEqualTo("tenant-foo");
    }

    /** 10,000 tenants, depth 6: bulk build, then single updates and lookups stay cheap. */
    @Test
    void tenThousandTenantsDepthSix() {
        List<Tenant> all = Scale.tenants(10_000, 6);
        TenantTree tree = TenantTree.of("example.org", all);
        assertThat(tree.size()).isEqualTo(10_001);
        assertThat(tree.rejected()).isEmpty();
        String deepest = Scale.deepest(tree);
        assertThat(tree.depth(deepest)).isEqualTo(6);

        // Updates spread over the tree (each adds a leaf under a different tenant).
        List<String> parents = new ArrayList<>(tree.namespaces());
        parents.sort(null);
        TenantTree t = tree;
        for (int i = 0; i < 4_000; i++) {
            String p = parents.get(i * 7 % parents.size());
            if (TenantTree.ownedNamespace(p, "n" + i).length() <= 63) t = t.with(tenant(p, "n" + i));
        }
        t = t.with(tenant(deepest, "n5"));
        assertThat(tree.size()).isEqualTo(10_001);   // the old snapshot is untouched
        assertThat(t.domain(deepest + "-n5")).endsWith(".example.org");
    }
}
