package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.tenancy.AppRequests;
import dev.canopy.tenancy.QuotaRules;
import dev.canopy.tenancy.TenantTree;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The controller's in-memory view of what each namespace charges, fed by informers, so one tenant's
 * {@code status.quota.used} costs a range scan over its subtree's namespaces instead of listing every
 * app and tenant. Same rule as {@link Usage}: apps' {@link AppRequests} plus one {@code tenants} per
 * Tenant object (the root object excepted), summed over the subtree's namespaces, which with dash-free
 * names are exactly the sorted range {@code [ns, ns + ".")} ({@code '-'} sorts just before {@code '.'}
 * and no other character below it may appear in a namespace).
 *
 * <p>Display only: admission derives usage inside the charge transaction ({@link ChargingStore}).
 * Thread-safe (concurrent maps; a reader may see a namespace half-way through an update, which the next
 * event repairs).
 */
final class UsageIndex {
    private final ConcurrentSkipListMap<String, Map<String, Map<String, BigDecimal>>> byNamespace = new ConcurrentSkipListMap<>();

    /** Records what {@code object} (a charged app of {@code kind}, or a Tenant when kind is null) charges. */
    void put(String kind, ObjectNode object) {
        String ns = Objects.namespace(object), name = Objects.name(object);
        Map<String, BigDecimal> amounts;
        if (kind == null) {
            if (TenantTree.isRootObject(ns, name)) return;
            amounts = Map.of(QuotaRules.TENANTS, BigDecimal.ONE);
        } else {
            try {
                amounts = Map.copyOf(AppRequests.of(kind, object).amounts());
            } catch (RuntimeException e) {
                amounts = Map.of();   // admission refuses what it cannot price; nothing to show
            }
        }
        byNamespace.computeIfAbsent(ns, k -> new ConcurrentHashMap<>()).put(id(kind, name), amounts);
    }

    void remove(String kind, ObjectNode object) {
        String ns = Objects.namespace(object);
        Map<String, Map<String, BigDecimal>> m = byNamespace.get(ns);
        if (m == null) return;
        m.remove(id(kind, Objects.name(object)));
        if (m.isEmpty()) byNamespace.remove(ns, m);
    }

    /** What the subtree of the tenant owning {@code owned} uses (resource key → amount). */
    Map<String, BigDecimal> usage(String owned) {
        ConcurrentNavigableMap<String, Map<String, Map<String, BigDecimal>>> range = TenantTree.ROOT.equals(owned)
                ? byNamespace.subMap("tenant-", true, "tenant.", false)
                : byNamespace.subMap(owned, true, owned + ".", false);
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map<String, Map<String, BigDecimal>> objects : range.values()) {
            for (Map<String, BigDecimal> amounts : objects.values()) amounts.forEach((k, v) -> out.merge(k, v, BigDecimal::add));
        }
        return out;
    }

    private static String id(String kind, String name) { return (kind == null ? "Tenant" : kind) + "/" + name; }
}
