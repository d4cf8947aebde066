package dev.canopy.tenancy;

import static dev.canopy.tenancy.Fixtures.tenant;
import static dev.canopy.tenancy.Fixtures.withQuota;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.apps.AppStatus;
import dev.canopy.api.tenancy.Tenant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The "bad input" list, as admission sees it, plus app placement and status. */
class AdmissionTest {

    /** root ─ foo (cpu 10, host foo.example.net) ─ bar (cpu 4, etcd). */
    static final TenantTree TREE = TenantTree.of("example.org", List.of(
            tenant("tenant-root", "foo", "foo.example.net", Map.of("cpu", "10"), TenantService.MONITORING),
            tenant("tenant-foo", "bar", null, Map.of("cpu", "4"), TenantService.ETCD)));

    static Stream<Arguments> tenants() {
        Tenant fooNow = tenant("tenant-root", "foo", "foo.example.net", Map.of("cpu", "10"), TenantService.MONITORING);
        return Stream.of(
                Arguments.of("a dash in the name", tenant("tenant-foo", "my-team"), null, false,
                        List.of("metadata.name: Invalid value: \"my-team\": a tenant name must start with a lowercase letter")),
                Arguments.of("a capital letter", tenant("tenant-foo", "Team"), null, false,
                        List.of("metadata.name: Invalid value: \"Team\": a tenant name must start with a lowercase letter")),
                Arguments.of("an over-long path", tenant("tenant-foo-bar", "x".repeat(49)), null, false,
                        List.of("metadata.name: Invalid value: \"" + "x".repeat(49) + "\": the tenant's namespace \"tenant-foo-bar-" + "x".repeat(49) + "\" would be 64 characters")),
                Arguments.of("not in a tenant namespace", tenant("default", "team"), null, false,
                        List.of("metadata.namespace: Invalid value: \"default\": namespace \"default\" is not owned by any tenant")),
                Arguments.of("spec.host from a non-admin", tenant("tenant-foo", "team", "team.evil.com", Map.of()), null, false,
                        List.of("spec.host: Forbidden: only platform administrators may set or change a tenant's host; leave it unset to get team.foo.example.net")),
                Arguments.of("spec.host from a platform admin", tenant("tenant-foo", "team", "team.example.com", Map.of()), null, true, List.of()),
                Arguments.of("an unchanged host on update by a non-admin", fooNow, fooNow, false, List.of()),
                Arguments.of("a quota above the parent's headroom", withQuota("tenant-foo", "team", Map.of("cpu", "8")), null, false,
                        List.of("spec.resourceQuotas[cpu]: Invalid value: \"8\": exceeds the headroom of tenant \"foo\": parent allows 10, siblings reserve 4, at most 6 is available")),
                Arguments.of("a parent shrinking below its children", withQuotaAndHost("tenant-root", "foo", "foo.example.net", "3"), fooNow, false,
                        List.of("spec.resourceQuotas[cpu]: Invalid value: \"3\": is less than what child tenants already reserve (4: tenant-foo-bar 4); lower their quotas first")),
                Arguments.of("a fine child", withQuota("tenant-foo", "team", Map.of("cpu", "6")), null, false, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void tenantAdmission(String why, Tenant t, Tenant old, boolean admin, List<String> errorPrefixes) {
        List<String> errs = TenantAdmission.check(TREE, t, old, admin).stream().map(FieldError::toString).toList();
        assertThat(errs).hasSameSizeAs(errorPrefixes);
        for (int i = 0; i < errs.size(); i++) assertThat(errs.get(i)).startsWith(errorPrefixes.get(i));
    }

    static Stream<Arguments> apps() {
        return Stream.of(
                Arguments.of("Kubernetes", "tenant-foo-bar", "kubernetes-cluster1", "", "kubernetes-cluster1.bar.foo.example.net", "tenant-foo-bar", "tenant-root", "tenant-foo"),
                Arguments.of("Kubernetes", "tenant-foo", "k1", "k8s.example.com", "k8s.example.com", "tenant-root", "tenant-root", "tenant-foo"),
                Arguments.of("Postgres", "tenant-root", "db1", "", "db1.example.org", "tenant-root", "tenant-root", "tenant-root"),
                Arguments.of("Monitoring", "tenant-foo", "monitoring", "", "grafana.foo.example.net", "tenant-root", "tenant-root", "tenant-foo"));
    }

    @ParameterizedTest(name = "{0} {2} in {1} is at {4}")
    @MethodSource("apps")
    void appStatus(String kind, String ns, String name, String host, String expectedHost, String etcd, String ingress, String monitoring) {
        ObjectNode app = Json.object();
        app.putObject("metadata").put("name", name).put("namespace", ns);
        if (!host.isEmpty()) app.putObject("spec").put("host", host);
        assertThat(AppRules.checkNamespace(TREE, ns)).isEmpty();
        AppStatus s = AppRules.status(TREE, kind, app);
        assertThat(s.host()).isEqualTo(expectedHost);
        assertThat(s.services()).isEqualTo(new AppStatus.Services(etcd, ingress, monitoring));
    }

    @ParameterizedTest(name = "an app in {0} is refused")
    @MethodSource("notTenants")
    void appsOutsideTenantsAreRefused(String ns) {
        assertThat(AppRules.checkNamespace(TREE, ns)).map(FieldError::toString).singleElement().asString()
                .isEqualTo("metadata.namespace: Invalid value: \"" + ns + "\": namespace \"" + ns
                        + "\" is not a tenant's namespace; create apps in a tenant namespace such as tenant-root");
    }

    static Stream<String> notTenants() { return Stream.of("default", "kube-system", "tenant-gone"); }

    private static Tenant withQuotaAndHost(String ns, String name, String host, String cpu) {
        return tenant(ns, name, host, Map.of("cpu", cpu), TenantService.MONITORING);
    }
}
