package dev.canopy.tenancy.kiosk;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: how an account's per-namespace quota shares move from what the clusters enforce now to a new
 * allocation without the aggregate ever exceeding the limit. Two phases: first every share that shrinks is
 * lowered (and nothing raised); only after the clusters holding those namespaces have applied that are the
 * growing shares raised. A namespace or resource without a share yet counts as 0 (the placement sends 0
 * until a share is published), so a new Space starts at 0 and gets its share in the raising phase.
 * Deterministic, no I/O, thread-safe.
 */
public final class QuotaPhases {
    private QuotaPhases() {}

    /**
     * @param publish  the shares to publish now
     * @param lowering whether this step lowers shares, to be acknowledged by the clusters of {@code lowered} before raising
     * @param lowered  the namespaces whose share shrinks in this step
     */
    public record Step(Map<String, Map<String, BigDecimal>> publish, boolean lowering, Set<String> lowered) {}

    /**
     * @param current      the shares published (and, once acknowledged, enforced) now: namespace → resource → share
     * @param target       the new allocation ({@link QuotaAllocation#allocate})
     * @param acknowledged whether the last lowering step has been applied by its clusters (true when none is in flight)
     */
    public static Step next(Map<String, Map<String, BigDecimal>> current, Map<String, Map<String, BigDecimal>> target, boolean acknowledged) {
        Map<String, Map<String, BigDecimal>> lowered = new TreeMap<>();
        Set<String> shrinking = new TreeSet<>();
        for (var ns : target.entrySet()) {
            Map<String, BigDecimal> cur = current.getOrDefault(ns.getKey(), Map.of());
            Map<String, BigDecimal> out = new TreeMap<>();
            for (var r : ns.getValue().entrySet()) {
                BigDecimal now = cur.getOrDefault(r.getKey(), BigDecimal.ZERO);
                if (r.getValue().compareTo(now) < 0) shrinking.add(ns.getKey());
                out.put(r.getKey(), r.getValue().min(now));
            }
            lowered.put(ns.getKey(), out);
        }
        if (!shrinking.isEmpty()) return new Step(lowered, true, shrinking);
        if (!acknowledged) return new Step(lowered, false, Set.of());   // wait: raise only after the lowering is applied
        return new Step(copy(target), false, Set.of());
    }

    private static Map<String, Map<String, BigDecimal>> copy(Map<String, Map<String, BigDecimal>> m) {
        Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new TreeMap<>(v)));
        return out;
    }
}
