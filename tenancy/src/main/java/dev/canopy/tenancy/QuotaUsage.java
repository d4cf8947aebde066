package dev.canopy.tenancy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each tenant's subtree uses, by owned namespace and resource, in base units. A tenant's usage
 * includes every descendant's (an app is charged to its tenant and all ancestors; a child tenant
 * counts one {@code tenants} for its parent and all ancestors). Immutable: charging returns a new one.
 * It may be partial: only the tenants on the charged path need to be present.
 */
public record QuotaUsage(Map<String, Map<String, BigDecimal>> byNamespace) {
    public QuotaUsage {
        byNamespace = Map.copyOf(byNamespace);
    }

    public static QuotaUsage empty() { return new QuotaUsage(Map.of()); }

    /** Usage of one tenant's subtree (empty when unknown). */
    public Map<String, BigDecimal> used(String namespace) { return byNamespace.getOrDefault(namespace, Map.of()); }

    public BigDecimal used(String namespace, String resource) { return used(namespace).getOrDefault(resource, BigDecimal.ZERO); }

    /** A copy with the given tenants' usage replaced. */
    public QuotaUsage with(Map<String, Map<String, BigDecimal>> changed) {
        Map<String, Map<String, BigDecimal>> m = new HashMap<>(byNamespace);
        changed.forEach((ns, u) -> m.put(ns, Map.copyOf(new TreeMap<>(u))));
        return new QuotaUsage(m);
    }
}
