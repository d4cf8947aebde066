package dev.canopy.tenancy;

import static dev.canopy.tenancy.Fixtures.q;
import static dev.canopy.tenancy.Fixtures.tenant;
import static dev.canopy.tenancy.Fixtures.withQuota;
import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuotaRulesTest {

    static Stream<Arguments> headroom() {
        return Stream.of(
                Arguments.of("over the headroom", q("cpu", "10"), List.of(q("cpu", "4")), q("cpu", "8"),
                        List.of("spec.resourceQuotas[cpu]: Invalid value: \"8\": exceeds the headroom of tenant \"foo\": parent allows 10, siblings reserve 4, at most 6 is available")),
                Arguments.of("exactly the headroom", q("cpu", "10"), List.of(q("cpu", "4")), q("cpu", "6"), List.of()),
                Arguments.of("parent without a limit for it", q("memory", "1Gi"), List.of(), q("cpu", "100"), List.of()),
                Arguments.of("sibling without a limit reserves nothing", q("cpu", "10"), List.of(q("memory", "1Gi")), q("cpu", "10"), List.of()),
                Arguments.of("binary units print as written", q("memory", "10Gi"), List.of(q("memory", "4Gi"), q("memory", "2Gi")), q("memory", "8Gi"),
                        List.of("spec.resourceQuotas[memory]: Invalid value: \"8Gi\": exceeds the headroom of tenant \"foo\": parent allows 10Gi, siblings reserve 6Gi, at most 4Gi is available")),
                Arguments.of("milli-cores", q("cpu", "2"), List.of(q("cpu", "500m")), q("cpu", "1600m"),
                        List.of("spec.resourceQuotas[cpu]: Invalid value: \"1600m\": exceeds the headroom of tenant \"foo\": parent allows 2000m, siblings reserve 500m, at most 1500m is available")),
                Arguments.of("siblings already over-reserve", q("tenants", "5"), List.of(q("tenants", "3"), q("tenants", "3")), q("tenants", "1"),
                        List.of("spec.resourceQuotas[tenants]: Invalid value: \"1\": exceeds the headroom of tenant \"foo\": parent allows 5, siblings reserve 6, at most 0 is available")),
                Arguments.of("ResourceQuota spelling means the same", q("requests.cpu", "4"), List.of(q("cpu", "1")), q("cpu", "4"),
                        List.of("spec.resourceQuotas[cpu]: Invalid value: \"4\": exceeds the headroom of tenant \"foo\": parent allows 4, siblings reserve 1, at most 3 is available")),
                Arguments.of("negative", q(), List.of(), q("cpu", "-1"), List.of("spec.resourceQuotas[cpu]: Invalid value: \"-1\": must be greater than or equal to 0")),
                Arguments.of("every resource is checked, in order", q("cpu", "1", "apps", "2"), List.of(), q("cpu", "2", "apps", "3", "storage", "1Ti"),
                        List.of("spec.resourceQuotas[apps]: Invalid value: \"3\": exceeds the headroom of tenant \"foo\": parent allows 2, siblings reserve 0, at most 2 is available",
                                "spec.resourceQuotas[cpu]: Invalid value: \"2\": exceeds the headroom of tenant \"foo\": parent allows 1, siblings reserve 0, at most 1 is available")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headroom")
    void childQuotaFitsTheParentsHeadroom(String why, Map<String, Quantity> parent, List<Map<String, Quantity>> siblings, Map<String, Quantity> requested,
                                          List<String> errors) {
        assertThat(QuotaRules.checkChild("foo", parent, siblings, requested)).map(FieldError::toString).isEqualTo(errors);
    }

    /** root ─ foo (cpu 10, apps 3, tenants 2) ─ bar (cpu 4), baz (cpu 2). */
    static final TenantTree TREE = TenantTree.of("example.org", List.of(
            withQuota("tenant-root", "foo", Map.of("cpu", "10", "apps", "3", "tenants", "2")),
            withQuota("tenant-foo", "bar", Map.of("cpu", "4")),
            withQuota("tenant-foo", "baz", Map.of("cpu", "2"))));

    static Stream<Arguments> againstTheTree() {
        return Stream.of(
                Arguments.of("new child", "qux", q("cpu", "5"), List.of("at most 4 is available")),
                Arguments.of("new child that fits", "qux", q("cpu", "4"), List.of()),
                Arguments.of("existing child does not count itself", "bar", q("cpu", "8"), List.of()),
                Arguments.of("existing child over", "bar", q("cpu", "9"), List.of("parent allows 10, siblings reserve 2, at most 8 is available")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("againstTheTree")
    void childQuotaAgainstTheTree(String why, String child, Map<String, Quantity> requested, List<String> fragments) {
        List<FieldError> errs = QuotaRules.checkChild(TREE, "tenant-foo", child, requested);
        assertThat(errs).hasSameSizeAs(fragments);
        for (int i = 0; i < fragments.size(); i++) assertThat(errs.get(i).detail()).contains(fragments.get(i)).contains("tenant \"foo\"");
    }

    @Test
    void aParentCannotShrinkBelowWhatItsChildrenReserve() {
        assertThat(QuotaRules.checkShrink(TREE, "tenant-foo", q("cpu", "5"))).map(FieldError::toString).containsExactly(
                "spec.resourceQuotas[cpu]: Invalid value: \"5\": is less than what child tenants already reserve (6: tenant-foo-bar 4, tenant-foo-baz 2); lower their quotas first");
        assertThat(QuotaRules.checkShrink(TREE, "tenant-foo", q("cpu", "6"))).isEmpty();
        assertThat(QuotaRules.checkShrink(TREE, "tenant-foo", q("memory", "1Gi"))).isEmpty();
    }

    static final QuotaUsage USAGE = new QuotaUsage(Map.of(
            "tenant-foo-bar", Map.of("cpu", new BigDecimal("3"), "apps", new BigDecimal("1")),
            "tenant-foo", Map.of("cpu", new BigDecimal("8"), "apps", new BigDecimal("2"), "tenants", new BigDecimal("2")),
            "tenant-root", Map.of("cpu", new BigDecimal("8"), "apps", new BigDecimal("2"), "tenants", new BigDecimal("3"))));

    static Stream<Arguments> charges() {
        return Stream.of(
                Arguments.of("fits everywhere", "tenant-foo-bar", Map.of("cpu", "1"), List.of(),
                        Map.of("tenant-foo-bar", "4", "tenant-foo", "9", "tenant-root", "9")),
                Arguments.of("over the tenant's own limit", "tenant-foo-bar", Map.of("cpu", "2"),
                        List.of("Forbidden: exceeded quota of tenant \"bar\" (namespace tenant-foo-bar) for cpu: requested 2, used 3, limited 4, at most 1 is available"),
                        Map.of()),
                Arguments.of("over the tenant's and an ancestor's", "tenant-foo-bar", Map.of("cpu", "3"),
                        List.of("Forbidden: exceeded quota of tenant \"bar\" (namespace tenant-foo-bar) for cpu: requested 3, used 3, limited 4, at most 1 is available",
                                "Forbidden: exceeded quota of tenant \"foo\" (namespace tenant-foo) for cpu: requested 3, used 8, limited 10, at most 2 is available"),
                        Map.of()),
                Arguments.of("an ancestor's limit binds a child without one", "tenant-foo-baz", Map.of("cpu", "2500m"),
                        List.of("Forbidden: exceeded quota of tenant \"baz\" (namespace tenant-foo-baz) for cpu: requested 2.5, used 0, limited 2, at most 2 is available",
                                "Forbidden: exceeded quota of tenant \"foo\" (namespace tenant-foo) for cpu: requested 2.5, used 8, limited 10, at most 2 is available"),
                        Map.of()),
                Arguments.of("app count", "tenant-foo-bar", Map.of("apps", "2"),
                        List.of("Forbidden: exceeded quota of tenant \"foo\" (namespace tenant-foo) for apps: requested 2, used 2, limited 3, at most 1 is available"),
                        Map.of()),
                Arguments.of("a new child tenant counts for its parent", "tenant-foo", Map.of("tenants", "1"),
                        List.of("Forbidden: exceeded quota of tenant \"foo\" (namespace tenant-foo) for tenants: requested 1, used 2, limited 2, at most 0 is available"),
                        Map.of()),
                Arguments.of("releases always succeed", "tenant-foo-bar", Map.of("cpu", "-3"), List.of(),
                        Map.of("tenant-foo-bar", "0", "tenant-foo", "5", "tenant-root", "5")),
                Arguments.of("no limits above: anything goes", "tenant-root", Map.of("cpu", "1000"), List.of(),
                        Map.of("tenant-root", "1008")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("charges")
    void chargesGoToTheTenantAndEveryAncestor(String why, String ns, Map<String, String> delta, List<String> errors, Map<String, String> cpuAfter) {
        Map<String, BigDecimal> d = new java.util.TreeMap<>();
        delta.forEach((k, v) -> d.put(k, Quantities.amount(v)));
        ChargeResult r = QuotaRules.charge(TREE, USAGE, ns, d);
        switch (r) {
            case ChargeResult.Refused x -> assertThat(x.errors()).map(FieldError::detail).isEqualTo(errors);
            case ChargeResult.Charged c -> {
                assertThat(errors).isEmpty();
                cpuAfter.forEach((tenant, cpu) -> assertThat(c.usage().used(tenant, "cpu")).isEqualByComparingTo(cpu));
                assertThat(c.changed().keySet()).containsExactlyInAnyOrderElementsOf(TREE.path(ns));
                assertThat(USAGE.used("tenant-foo-bar", "cpu")).isEqualByComparingTo("3");   // the input is untouched
            }
        }
    }

    @Test
    void chargingOutsideATenantIsRefused() {
        ChargeResult r = QuotaRules.charge(TREE, USAGE, "default", Map.of("apps", BigDecimal.ONE));
        assertThat(r).isInstanceOfSatisfying(ChargeResult.Refused.class, x -> assertThat(x.errors().get(0).toString())
                .isEqualTo("metadata.namespace: Invalid value: \"default\": namespace \"default\" is not owned by any tenant; apps are created in a tenant's namespace"));
    }

    @Test
    void aRefusalBecomesA403NamingTheObject() {
        ChargeResult r = QuotaRules.charge(TREE, USAGE, "tenant-foo-bar", Map.of("cpu", new BigDecimal(2)));
        ApiException e = QuotaRules.exceeded("postgreses.apps.canopy.dev", "db1", ((ChargeResult.Refused) r).errors());
        assertThat(e.code()).isEqualTo(403);
        assertThat(e.getMessage()).isEqualTo("postgreses.apps.canopy.dev \"db1\" is forbidden: exceeded quota of tenant \"bar\" "
                + "(namespace tenant-foo-bar) for cpu: requested 2, used 3, limited 4, at most 1 is available");
    }

    @Test
    void aRootObjectMayCarryTheWholePlatformsQuota() {
        TenantTree t = TREE.with(tenant("tenant-root", "root", null, Map.of("cpu", "9")));
        assertThat(QuotaRules.charge(t, USAGE, "tenant-foo-bar", Map.of("cpu", new BigDecimal(1)))).isInstanceOf(ChargeResult.Charged.class);
        assertThat(QuotaRules.charge(t, USAGE, "tenant-foo", Map.of("cpu", new BigDecimal(2))))
                .isInstanceOfSatisfying(ChargeResult.Refused.class, x -> assertThat(x.errors().get(0).detail()).contains("tenant \"root\""));
    }
}
