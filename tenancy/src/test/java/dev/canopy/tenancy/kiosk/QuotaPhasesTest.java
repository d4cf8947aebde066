package dev.canopy.tenancy.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaPhasesTest {
    static Map<String, BigDecimal> pods(int n) { return Map.of("pods", BigDecimal.valueOf(n)); }

    static int pods(QuotaPhases.Step s, String ns) { return s.publish().get(ns).get("pods").intValue(); }

    @Test
    void shrinkingSharesGoFirstAndGrowingOnesWaitForTheAcknowledgement() {
        var current = Map.of("a", pods(5), "b", pods(5));
        var target = Map.of("a", pods(8), "b", pods(2));   // a used more: headroom moves from b to a
        QuotaPhases.Step lower = QuotaPhases.next(current, target, true);
        assertThat(lower.lowering()).isTrue();
        assertThat(lower.lowered()).containsExactly("b");
        assertThat(pods(lower, "a")).isEqualTo(5);           // not raised yet
        assertThat(pods(lower, "b")).isEqualTo(2);

        QuotaPhases.Step waiting = QuotaPhases.next(lower.publish(), target, false);
        assertThat(waiting.lowering()).isFalse();
        assertThat(pods(waiting, "a")).isEqualTo(5);         // b's cluster has not applied 2 yet

        QuotaPhases.Step raise = QuotaPhases.next(lower.publish(), target, true);
        assertThat(pods(raise, "a")).isEqualTo(8);
        assertThat(pods(raise, "b")).isEqualTo(2);
        // at every step the published shares stay within the limit
        for (var s : java.util.List.of(lower, waiting, raise)) assertThat(pods(s, "a") + pods(s, "b")).isLessThanOrEqualTo(10);
    }

    @Test
    void aNewSpaceStartsAtZeroAndIsRaisedWhenNothingShrinks() {
        var current = Map.of("a", pods(10));
        QuotaPhases.Step lower = QuotaPhases.next(current, Map.of("a", pods(5), "b", pods(5)), true);
        assertThat(lower.lowered()).containsExactly("a");
        assertThat(pods(lower, "b")).isZero();
        QuotaPhases.Step first = QuotaPhases.next(Map.of(), Map.of("a", pods(5), "b", pods(5)), true);
        assertThat(first.lowering()).isFalse();
        assertThat(pods(first, "a")).isEqualTo(5);
    }
}
