package dev.canopy.tenancy.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaAllocationTest {
    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    static BigDecimal d(String s) { return new BigDecimal(s); }

    @Test
    void lowestLimitWins() {
        var hard = QuotaAllocation.effectiveHard(List.of(
                yaml("spec: {account: a, quota: {hard: {pods: '6', limits.cpu: '4'}}}"),
                yaml("spec: {account: a, quota: {hard: {pods: '4', requests.memory: 1Gi}}}")));
        assertThat(hard).containsExactlyInAnyOrderEntriesOf(Map.of("pods", d("4"), "limits.cpu", d("4"), "requests.memory", d("1073741824")));
    }

    @Test
    void theClustersGetTheQuotasScopeOnlyWhenAllAgree() {
        ObjectNode plain = yaml("spec: {account: a, quota: {hard: {pods: '4'}}}");
        ObjectNode bestEffort = yaml("spec: {account: a, quota: {hard: {pods: '4'}, scopes: [BestEffort]}}");
        ObjectNode bestEffort2 = yaml("spec: {account: a, quota: {hard: {pods: '2'}, scopes: [BestEffort]}}");
        ObjectNode high = yaml("spec: {account: a, quota: {hard: {pods: '4'}, scopeSelector: {matchExpressions: [{scopeName: PriorityClass, operator: In, values: [high]}]}}}");
        // table: quotas → scope sent (null = none)
        assertThat(QuotaAllocation.commonScope(List.of(plain))).isNull();
        assertThat(QuotaAllocation.commonScope(List.of(bestEffort, bestEffort2))).isEqualTo(yaml("scopes: [BestEffort]"));
        assertThat(QuotaAllocation.commonScope(List.of(high))).isEqualTo(yaml("scopeSelector: {matchExpressions: [{scopeName: PriorityClass, operator: In, values: [high]}]}"));
        assertThat(QuotaAllocation.commonScope(List.of(bestEffort, plain))).isNull();   // different: enforced over every pod
        assertThat(QuotaAllocation.commonScope(List.of(bestEffort, high))).isNull();
        assertThat(QuotaAllocation.commonScope(List.of())).isNull();
        assertThat(QuotaAllocation.scoped(bestEffort)).isTrue();
        assertThat(QuotaAllocation.scoped(plain)).isFalse();
    }

    @Test
    void allocationsAddUpToTheLimitAndNeverBelowUsage() {
        Map<String, BigDecimal> hard = Map.of("pods", d("10"), "limits.cpu", d("1"));
        // table: usage → allocation per namespace
        var even = QuotaAllocation.allocate(hard, List.of("b", "a", "c"), Map.of());
        assertThat(even.get("a")).containsEntry("pods", d("4"));           // 10 = 4 + 3 + 3, the remainder to the first by name
        assertThat(even.get("b")).containsEntry("pods", d("3"));
        assertThat(even.get("c")).containsEntry("pods", d("3"));
        assertThat(QuotaAllocation.format(even.get("a").get("limits.cpu"))).isEqualTo("334m");
        assertThat(QuotaAllocation.format(even.get("c").get("limits.cpu"))).isEqualTo("333m");

        var used = QuotaAllocation.allocate(hard, List.of("a", "b"), Map.of("a", Map.of("pods", d("7")), "b", Map.of("pods", d("1"))));
        assertThat(used.get("a")).containsEntry("pods", d("8"));           // headroom 2: one each on top of usage
        assertThat(used.get("b")).containsEntry("pods", d("2"));

        var over = QuotaAllocation.allocate(hard, List.of("a", "b"), Map.of("a", Map.of("pods", d("9")), "b", Map.of("pods", d("3"))));
        assertThat(over.get("a")).containsEntry("pods", d("9"));           // over the limit: no headroom, nobody evicted
        assertThat(over.get("b")).containsEntry("pods", d("3"));

        for (var alloc : List.of(even, used)) {
            BigDecimal sum = alloc.values().stream().map(m -> m.get("pods")).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sum).isEqualByComparingTo("10");
        }
        assertThat(QuotaAllocation.allocate(hard, List.of(), Map.of())).isEmpty();
    }

    @Test
    void formats() {
        assertThat(QuotaAllocation.format(d("2"))).isEqualTo("2");
        assertThat(QuotaAllocation.format(d("2.000"))).isEqualTo("2");
        assertThat(QuotaAllocation.format(d("1.5"))).isEqualTo("1500m");
    }

    /**
     * The documented overshoot bound, checked against every way two clusters can be caught mid re-allocation:
     * each namespace enforces its old or its new share and its usage fills what it enforces.
     */
    @Test
    void aReallocationOvershootsAtMostTheHeadroomMoved() {
        Map<String, BigDecimal> hard = Map.of("pods", d("10"));
        java.util.Random rnd = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            List<String> nss = List.of("a", "b", "c");
            Map<String, Map<String, BigDecimal>> used1 = new java.util.HashMap<>(), used2 = new java.util.HashMap<>();
            int left = 10;
            for (String ns : nss) {
                int u = rnd.nextInt(left + 1);
                left -= u;
                used1.put(ns, Map.of("pods", BigDecimal.valueOf(u)));
            }
            // the second report: some namespaces grew within what they were allocated
            var before = QuotaAllocation.allocate(hard, nss, used1);
            for (String ns : nss) {
                BigDecimal cap = before.get(ns).get("pods");
                BigDecimal u = used1.get(ns).get("pods");
                used2.put(ns, Map.of("pods", u.add(BigDecimal.valueOf(rnd.nextInt(cap.subtract(u).intValue() + 1)))));
            }
            var after = QuotaAllocation.allocate(hard, nss, used2);
            Map<String, BigDecimal> b = new java.util.HashMap<>(), a = new java.util.HashMap<>();
            nss.forEach(ns -> { b.put(ns, before.get(ns).get("pods")); a.put(ns, after.get(ns).get("pods")); });
            BigDecimal bound = QuotaAllocation.overshootBound(b, a);
            BigDecimal reported = used2.values().stream().map(m -> m.get("pods")).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(bound).isLessThanOrEqualTo(d("10").subtract(reported).max(BigDecimal.ZERO));
            for (int mask = 0; mask < 8; mask++) {   // which namespaces already enforce the new share
                BigDecimal worst = BigDecimal.ZERO;
                for (int i = 0; i < 3; i++) worst = worst.add(((mask >> i) & 1) == 1 ? a.get(nss.get(i)) : b.get(nss.get(i)));
                assertThat(worst).as("round " + round + " mask " + mask).isLessThanOrEqualTo(d("10").add(bound));
            }
        }
    }
}
