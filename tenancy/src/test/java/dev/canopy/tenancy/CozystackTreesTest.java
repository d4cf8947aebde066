package dev.canopy.tenancy;

import static dev.canopy.tenancy.Fixtures.tenant;
import static dev.canopy.tenancy.TenantService.ETCD;
import static dev.canopy.tenancy.TenantService.INGRESS;
import static dev.canopy.tenancy.TenantService.MONITORING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three trees of {@code reference/seed-examples/cozystack-tenant-trees.txt}: domains, app hosts,
 * and whose etcd, ingress and monitoring each tenant's apps use.
 *
 * <p>Note on names: the seed draws the second tree as {@code tenant-u1 └ tenant-u2}; with Cozystack's
 * naming rule tenant {@code u2} created inside {@code tenant-u1} owns namespace {@code tenant-u1-u2}
 * (and {@code bar} inside {@code tenant-foo} owns {@code tenant-foo-bar}).
 */
class CozystackTreesTest {

    /** Seed 001, domain inheritance: tenant-root (example.org) └ tenant-foo (foo.example.org) └ kubernetes-cluster1. */
    static final TenantTree DOMAINS = TenantTree.of("example.org", List.of(tenant("tenant-root", "foo")));

    /** Seed 001, service inheritance: tenant-u1 runs etcd, ingress, monitoring; tenant-u2 inside it runs none. */
    static final TenantTree SERVICES = TenantTree.of("example.org", List.of(
            tenant("tenant-root", "u1", ETCD, INGRESS, MONITORING),
            tenant("tenant-u1", "u2")));

    /** Seed 000, mixed inheritance: root runs all; foo its own monitoring; bar (in foo) its own etcd. */
    static final TenantTree MIXED = TenantTree.of("example.org", List.of(
            tenant("tenant-foo", "bar", ETCD),        // any order: the tree sorts parents first
            tenant("tenant-root", "foo", MONITORING)));

    static Stream<Arguments> hosts() {
        return Stream.of(
                Arguments.of("domain inheritance", DOMAINS, "tenant-root", "example.org", "kubernetes-cluster1", "kubernetes-cluster1.example.org"),
                Arguments.of("domain inheritance", DOMAINS, "tenant-foo", "foo.example.org", "kubernetes-cluster1", "kubernetes-cluster1.foo.example.org"),
                Arguments.of("service inheritance", SERVICES, "tenant-u1", "u1.example.org", "etcd", "etcd.u1.example.org"),
                Arguments.of("service inheritance", SERVICES, "tenant-u1-u2", "u2.u1.example.org", "postgres-db1", "postgres-db1.u2.u1.example.org"),
                Arguments.of("mixed inheritance", MIXED, "tenant-foo-bar", "bar.foo.example.org", "kubernetes-cluster1", "kubernetes-cluster1.bar.foo.example.org"));
    }

    @ParameterizedTest(name = "{0}: {1} {2} has domain {3}, app {4} is at {5}")
    @MethodSource("hosts")
    void domainsAndAppHosts(String tree, TenantTree t, String ns, String domain, String app, String host) {
        assertThat(t.domain(ns)).isEqualTo(domain);
        assertThat(t.appHost(app, ns)).isEqualTo(host);
    }

    static Stream<Arguments> services() {
        return Stream.of(
                // tree, tenant namespace, etcd, ingress, monitoring
                Arguments.of("domain inheritance", DOMAINS, "tenant-foo", "tenant-root", "tenant-root", "tenant-root"),
                Arguments.of("service inheritance", SERVICES, "tenant-u1", "tenant-u1", "tenant-u1", "tenant-u1"),
                Arguments.of("service inheritance", SERVICES, "tenant-u1-u2", "tenant-u1", "tenant-u1", "tenant-u1"),
                Arguments.of("mixed inheritance", MIXED, "tenant-root", "tenant-root", "tenant-root", "tenant-root"),
                Arguments.of("mixed inheritance", MIXED, "tenant-foo", "tenant-root", "tenant-root", "tenant-foo"),
                Arguments.of("mixed inheritance", MIXED, "tenant-foo-bar", "tenant-foo-bar", "tenant-root", "tenant-foo"));
    }

    @ParameterizedTest(name = "{0}: apps in {2} use etcd of {3}, ingress of {4}, monitoring of {5}")
    @MethodSource("services")
    void servicesResolveToTheNearestTenantRunningThem(String tree, TenantTree t, String ns, String etcd, String ingress, String monitoring) {
        assertThat(t.serviceNamespace(ns, ETCD)).isEqualTo(etcd);
        assertThat(t.serviceNamespace(ns, INGRESS)).isEqualTo(ingress);
        assertThat(t.serviceNamespace(ns, MONITORING)).isEqualTo(monitoring);
        var s = t.services(ns);
        assertThat(List.of(s.etcd(), s.ingress(), s.monitoring())).containsExactly(etcd, ingress, monitoring);
    }

    @ParameterizedTest(name = "{0}: status of {1}")
    @MethodSource("statuses")
    void statusCarriesPathAndParent(String ns, String parent, List<String> path) {
        var st = MIXED.status(ns);
        assertThat(st.namespace()).isEqualTo(ns);
        assertThat(st.parent()).isEqualTo(parent);
        assertThat(st.path()).isEqualTo(path);
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("tenant-root", null, List.of("tenant-root")),
                Arguments.of("tenant-foo", "tenant-root", List.of("tenant-root", "tenant-foo")),
                Arguments.of("tenant-foo-bar", "tenant-foo", List.of("tenant-root", "tenant-foo", "tenant-foo-bar")));
    }
}
