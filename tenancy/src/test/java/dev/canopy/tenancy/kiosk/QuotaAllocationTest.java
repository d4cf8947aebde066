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
}
