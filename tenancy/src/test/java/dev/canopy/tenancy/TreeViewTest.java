package dev.canopy.tenancy;

import static dev.canopy.tenancy.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.api.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TreeViewTest {

    static Stream<Arguments> trees() {
        TenantTree services = CozystackTreesTest.SERVICES;
        TenantTree domains = CozystackTreesTest.DOMAINS;
        return Stream.of(
                Arguments.of("seed 001, domains", domains, List.of("tenant-root"),
                        Map.of("tenant-foo", List.of(new TreeView.App("Kubernetes", "kubernetes-cluster1", domains.appHost("kubernetes-cluster1", "tenant-foo")))),
                        """
                        tenant-root (example.org)
                        ├── etcd
                        ├── ingress
                        ├── monitoring
                        ├── seaweedfs
                        └── tenant-foo (foo.example.org)
                            └── kubernetes-cluster1 (kubernetes-cluster1.foo.example.org)
                        """),
                Arguments.of("seed 001, services, as a user of tenant-u1", services, List.of("tenant-u1"),
                        Map.of("tenant-u1-u2", List.of(
                                new TreeView.App("Kubernetes", "kubernetes-cluster1", services.appHost("kubernetes-cluster1", "tenant-u1-u2")),
                                new TreeView.App("Postgres", "postgres-db1", services.appHost("postgres-db1", "tenant-u1-u2")))),
                        """
                        tenant-u1 (u1.example.org)
                        ├── etcd
                        ├── ingress
                        ├── monitoring
                        └── tenant-u1-u2 (u2.u1.example.org)
                            ├── kubernetes-cluster1 (kubernetes-cluster1.u2.u1.example.org)
                            └── postgres-db1 (postgres-db1.u2.u1.example.org)
                        """),
                Arguments.of("two tops, nothing above them", TenantTree.of("example.org", List.of(
                                tenant("tenant-root", "a"), tenant("tenant-a", "b"), tenant("tenant-root", "c"), tenant("tenant-a", "d"))),
                        List.of("tenant-a-b", "tenant-c"), Map.of(),
                        """
                        tenant-a-b (b.a.example.org)
                        tenant-c (c.example.org)
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void rendersLikeTheSeeds(String why, TenantTree tree, List<String> tops, Map<String, List<TreeView.App>> apps, String expected) {
        List<TreeView.Node> forest = TreeView.build(tree, tops, apps);
        assertThat(TreeView.render(forest)).isEqualTo(expected);
        assertThat(Json.write(forest)).contains("\"namespace\":\"" + tops.get(0) + "\"");
    }

    @ParameterizedTest(name = "deletion order under {0}")
    @MethodSource("deletions")
    void deletionGoesBottomUp(String ns, List<String> order) {
        assertThat(TenantTreeTest.TREE.deletionOrder(ns)).isEqualTo(order);
    }

    static Stream<Arguments> deletions() {
        return Stream.of(
                Arguments.of("tenant-foo", List.of("tenant-foo-bar-baz", "tenant-foo-bar", "tenant-foo-alpha", "tenant-foo")),
                Arguments.of("tenant-qux", List.of("tenant-qux")),
                Arguments.of("nope", List.of()));
    }
}
