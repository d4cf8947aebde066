package dev.canopy.tenancy.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Objects;
import dev.canopy.tenancy.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure rules of AccountQuotas: the effective limit of an account (several quotas all apply: the lowest limit
 * of each resource wins) and its allocation to the account's namespaces, which the clusters enforce with a
 * native ResourceQuota each.
 *
 * <p><b>Allocation rule.</b> For a resource with effective limit H over namespaces 1..n with reported usage
 * u_i: the headroom R = max(0, H − Σu_i) is split evenly, in millicores for CPU and whole units for everything
 * else (pods, object counts, bytes), rounded down, the remainder going to the first namespaces by name; namespace i gets u_i + its share. So the allocations add up
 * to exactly H whenever Σu_i ≤ H, and no namespace is ever allocated less than it uses (a lowered quota stops
 * growth, it evicts nothing). Deterministic; no I/O; thread-safe.
 */
public final class QuotaAllocation {
    private QuotaAllocation() {}

    private static final BigDecimal MILLI = new BigDecimal("0.001");

    /** Lowest {@code spec.quota.hard} per resource over the account's AccountQuotas. */
    public static Map<String, BigDecimal> effectiveHard(List<? extends JsonNode> quotas) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (JsonNode q : quotas) {
            Objects.at(q, "spec.quota.hard").properties().forEach(e -> {
                BigDecimal v;
                try {
                    v = Quantities.amount(e.getValue().asText());
                } catch (RuntimeException bad) {
                    return;   // admission refuses unparseable quantities; ignore here
                }
                out.merge(e.getKey(), v, BigDecimal::min);
            });
        }
        return out;
    }

    /**
     * @param hard       effective limits
     * @param namespaces the account's namespaces (any order; allocated by sorted name)
     * @param used       reported usage by namespace, then resource (absent = 0)
     * @return namespace → resource → allocated hard limit
     */
    public static Map<String, Map<String, BigDecimal>> allocate(Map<String, BigDecimal> hard, List<String> namespaces,
                                                                Map<String, Map<String, BigDecimal>> used) {
        List<String> sorted = namespaces.stream().sorted().toList();
        Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
        for (String ns : sorted) out.put(ns, new TreeMap<>());
        if (sorted.isEmpty()) return out;
        for (var e : hard.entrySet()) {
            String r = e.getKey();
            BigDecimal total = BigDecimal.ZERO;
            for (String ns : sorted) total = total.add(usage(used, ns, r));
            BigDecimal headroom = e.getValue().subtract(total).max(BigDecimal.ZERO);
            BigDecimal unit = unit(r);
            long units = headroom.divide(unit, 0, RoundingMode.DOWN).longValue();
            long each = units / sorted.size(), rest = units % sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                long share = each + (i < rest ? 1 : 0);
                out.get(sorted.get(i)).put(r, usage(used, sorted.get(i), r).add(unit.multiply(BigDecimal.valueOf(share))));
            }
        }
        return out;
    }

    /**
     * The overshoot bound of one re-allocation of a resource: while clusters switch from {@code before} to
     * {@code after} at different moments, each namespace is held to one of its two allocations, so the
     * aggregate can reach at most Σ max(before_i, after_i) = limit + Σ max(0, after_i − before_i) (both sum to
     * the limit): the overshoot is at most the headroom being moved to namespaces whose share grows. Never
     * more than the limit minus the reported usage (only headroom moves).
     */
    public static BigDecimal overshootBound(Map<String, BigDecimal> before, Map<String, BigDecimal> after) {
        BigDecimal sum = BigDecimal.ZERO;
        for (var e : after.entrySet()) {
            BigDecimal was = before.getOrDefault(e.getKey(), BigDecimal.ZERO);
            if (e.getValue().compareTo(was) > 0) sum = sum.add(e.getValue().subtract(was));
        }
        return sum;
    }

    /** Whether an AccountQuota limits only some pods ({@code spec.quota.scopes} or {@code scopeSelector}). */
    public static boolean scoped(JsonNode quota) {
        JsonNode q = Objects.at(quota, "spec.quota");
        return (q.path("scopes").isArray() && !q.path("scopes").isEmpty()) || q.path("scopeSelector").isObject();
    }

    /**
     * The scope the clusters' ResourceQuotas get for an account: {@code scopes}/{@code scopeSelector} when every
     * one of its quotas is scoped alike; else none (null): quotas with different scopes cannot share one
     * ResourceQuota per namespace, so their lowest limits are enforced over every pod, stricter than asked,
     * never looser.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode commonScope(List<? extends JsonNode> quotas) {
        if (quotas.isEmpty() || !scoped(quotas.get(0))) return null;
        JsonNode first = Objects.at(quotas.get(0), "spec.quota");
        for (JsonNode q : quotas) {
            JsonNode s = Objects.at(q, "spec.quota");
            if (!s.path("scopes").equals(first.path("scopes")) || !s.path("scopeSelector").equals(first.path("scopeSelector"))) return null;
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (!first.path("scopes").isMissingNode() && !first.path("scopes").isNull()) out.set("scopes", first.get("scopes").deepCopy());
        if (first.path("scopeSelector").isObject()) out.set("scopeSelector", first.get("scopeSelector").deepCopy());
        return out;
    }

    /** CPU is shared in millicores; everything else (pods, counts, bytes) in whole units. */
    static BigDecimal unit(String resource) { return resource.contains("cpu") ? MILLI : BigDecimal.ONE; }

    private static BigDecimal usage(Map<String, Map<String, BigDecimal>> used, String ns, String resource) {
        Map<String, BigDecimal> u = used.get(ns);
        BigDecimal v = u == null ? null : u.get(resource);
        return v == null ? BigDecimal.ZERO : v;
    }

    /** A quantity string: whole numbers as they are, fractions in thousandths ({@code 1500m}). */
    public static String format(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() <= 0) return s.toBigInteger().toString();
        return v.divide(MILLI, 0, RoundingMode.DOWN).toBigInteger() + "m";
    }

    /**
     * The ResourceQuota keys agents report usage for ({@link #usage}). Other keys an AccountQuota may limit
     * ({@code count/*}, {@code services}, {@code requests.storage}, extended resources, …) have no reported usage:
     * the status leaves them out of {@code used} (unknown, not 0) and their limit is split as if nothing were
     * used, which the clusters' ResourceQuotas still hold to the limit in total.
     */
    public static final java.util.Set<String> REPORTED = java.util.Set.of("pods", "cpu", "requests.cpu", "limits.cpu", "memory", "requests.memory", "limits.memory");

    /** Whether agents report usage of this ResourceQuota key. */
    public static boolean reported(String resource) { return REPORTED.contains(resource); }

    /**
     * Usage as ResourceQuota keys from an agent's per-namespace report: {@code pods}, {@code requests.cpu} (also
     * {@code cpu}), {@code limits.cpu}, {@code requests.memory} (also {@code memory}), {@code limits.memory}.
     */
    public static Map<String, BigDecimal> usage(int pods, long cpuRequestsMillis, long cpuLimitsMillis, long memoryRequestsBytes, long memoryLimitsBytes) {
        Map<String, BigDecimal> u = new TreeMap<>();
        u.put("pods", BigDecimal.valueOf(pods));
        BigDecimal req = BigDecimal.valueOf(cpuRequestsMillis).multiply(MILLI);
        u.put("requests.cpu", req);
        u.put("cpu", req);
        u.put("limits.cpu", BigDecimal.valueOf(cpuLimitsMillis).multiply(MILLI));
        u.put("requests.memory", BigDecimal.valueOf(memoryRequestsBytes));
        u.put("memory", BigDecimal.valueOf(memoryRequestsBytes));
        u.put("limits.memory", BigDecimal.valueOf(memoryLimitsBytes));
        return u;
    }
}
