package dev.canopy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's tree plan and quantile arithmetic. */
class TreePlanTest {
    @Test
    void tenThousandTenantsInSixLevelsUseBranchingFive() {
        TreePlan p = TreePlan.of(10_000, 6);
        assertThat(p.size()).isEqualTo(10_000);
        assertThat(p.levels()).hasSize(6);
        assertThat(p.levels().stream().map(List::size).toList()).containsExactly(5, 25, 125, 625, 3125, 6095);
        assertThat(new HashSet<>(p.all().stream().map(TreePlan.Tenant::namespace).toList())).hasSize(10_000);
        TreePlan.Tenant deepest = p.levels().get(5).get(0);
        assertThat(deepest.namespace()).isEqualTo("tenant-t0-t0-t0-t0-t0-t0");
        assertThat(deepest.namespace().length()).isLessThanOrEqualTo(63);
    }

    @Test
    void everyParentIsCreatedOnAnEarlierLevel() {
        TreePlan p = TreePlan.of(50, 3);
        var seen = new HashSet<String>();
        seen.add("tenant-root");
        for (var level : p.levels()) {
            for (var t : level) assertThat(seen).contains(t.parentNamespace());
            level.forEach(t -> seen.add(t.namespace()));
        }
    }

    @Test
    void nearestRankQuantiles() {
        long[] ns = new long[100];
        for (int i = 0; i < 100; i++) ns[i] = (i + 1) * 1_000_000L;
        assertThat(SeedBench.pct(ns, 0.50)).isEqualTo(50.0);
        assertThat(SeedBench.pct(ns, 0.99)).isEqualTo(99.0);
    }
}
