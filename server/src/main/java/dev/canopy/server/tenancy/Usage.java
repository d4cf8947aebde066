package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.store.Command;
import dev.canopy.store.ListOptions;
import dev.canopy.tenancy.AppRequests;
import dev.canopy.tenancy.QuotaRules;
import dev.canopy.tenancy.TenantTree;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each tenant's subtree uses, derived from the objects (see {@link ChargingStore}): apps' requests
 * summed over the subtree's namespaces, plus one {@code tenants} per descendant Tenant. Pure over a
 * {@link Command.View} (inside a transaction) or any list of objects (the controller's status).
 */
final class Usage {
    private Usage() {}

    /** Whether namespace {@code ns} belongs to the subtree of the tenant owning {@code tenantNs}; names have no dashes. */
    static boolean inSubtree(String tenantNs, String ns) {
        if (TenantTree.ROOT.equals(tenantNs)) return ns.startsWith("tenant-");
        return ns.equals(tenantNs) || ns.startsWith(tenantNs + "-");
    }

    /**
     * Usage of each of {@code tenants} (owned namespaces on one path from the root), counting only
     * {@code keys} (resource keys such as cpu, apps, tenants). Reads only the widest tenant's subtree: one
     * query per charged kind by namespace prefix, and for {@code tenants} only the keys of the Tenant objects.
     */
    static Map<String, Map<String, BigDecimal>> of(Command.View view, List<String> tenants, Set<String> keys) {
        String widest = tenants.stream().min(java.util.Comparator.comparingInt(String::length)).orElse(TenantTree.ROOT);
        String prefix = TenantTree.ROOT.equals(widest) ? "tenant-" : widest;
        List<ObjectNode> apps = new java.util.ArrayList<>();
        Map<ObjectNode, String> kinds = new java.util.IdentityHashMap<>();
        boolean needApps = keys.stream().anyMatch(k -> !k.equals(QuotaRules.TENANTS));
        if (needApps) {
            for (var e : ChargingStore.CHARGED.entrySet()) {
                for (ObjectNode o : view.listNamespacePrefix(e.getKey(), prefix)) { apps.add(o); kinds.put(o, e.getValue()); }
            }
        }
        Map<String, Map<String, BigDecimal>> out = of(tenants, apps, kinds::get, List.of());
        if (keys.contains(QuotaRules.TENANTS)) {
            for (dev.canopy.store.ResourceKey k : view.keysNamespacePrefix(TenantCache.TENANTS, prefix)) {
                if (TenantTree.isRootObject(k.namespace(), k.name())) continue;
                for (String t : tenants) if (inSubtree(t, k.namespace())) out.get(t).merge(QuotaRules.TENANTS, BigDecimal.ONE, BigDecimal::add);
            }
        }
        return out;
    }

    static Map<String, Map<String, BigDecimal>> of(Collection<String> tenants, List<ObjectNode> apps, java.util.function.Function<ObjectNode, String> kindOf,
                                                  List<ObjectNode> tenantObjects) {
        Map<String, Map<String, BigDecimal>> out = new HashMap<>();
        for (String t : tenants) out.put(t, new TreeMap<>());
        for (ObjectNode a : apps) {
            String ns = Objects.namespace(a);
            Map<String, BigDecimal> amounts = null;
            for (String t : tenants) {
                if (!inSubtree(t, ns)) continue;
                if (amounts == null) amounts = AppRequests.of(kindOf.apply(a), a).amounts();
                Map<String, BigDecimal> u = out.get(t);
                amounts.forEach((k, v) -> u.merge(k, v, BigDecimal::add));
            }
        }
        for (ObjectNode o : tenantObjects) {
            String ns = Objects.namespace(o);
            if (TenantTree.isRootObject(ns, Objects.name(o))) continue;
            for (String t : tenants) if (inSubtree(t, ns)) out.get(t).merge(QuotaRules.TENANTS, BigDecimal.ONE, BigDecimal::add);
        }
        return out;
    }
}
