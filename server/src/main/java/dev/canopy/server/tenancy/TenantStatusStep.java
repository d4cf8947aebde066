package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.store.ResourceKey;
import dev.canopy.tenancy.Quantities;
import dev.canopy.tenancy.QuotaRules;
import dev.canopy.tenancy.TenantNode;
import dev.canopy.tenancy.TenantService;
import dev.canopy.tenancy.TenantTree;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tenant step: writes {@code status}: namespace, domain, parent, path, services (the namespace of the
 * tenant serving each), quota {@code hard} (the spec's) and {@code used} (the subtree's, see
 * {@link Usage}), {@code observedGeneration}, and a {@code Ready} condition whose reason says what to do:
 * {@code Ready}, {@code NamespaceNotReady}, {@code ServiceUnavailable} (no tenant on the path runs a
 * service), {@code OverQuota} (usage above a lowered limit), {@code NotPlaced} (the parent is missing).
 * Decides only, and answers null when nothing changed (a status write would wake every watcher);
 * {@link TenantController} writes it.
 */
final class TenantStatusStep {
    private TenantStatusStep() {}

    /** Pure: the status the tenant should have, or null when its stored status already says that. */
    static ObjectNode decide(ObjectNode tenant, TenantTree tree, String owned, Map<String, BigDecimal> used, String namespaceProblem) {
        TenantNode node = tree.node(owned).orElseThrow();
        ObjectNode status = Json.toObject(tree.status(owned));
        ObjectNode services = status.withObject("services");
        services.remove("seaweedfs");   // not a service Canopy runs yet
        ObjectNode quota = status.putObject("quota");
        ObjectNode hard = quota.putObject("hard");
        ObjectNode usedNode = quota.putObject("used");
        List<String> over = new ArrayList<>();
        Map<String, Quantity> limits = new TreeMap<>(node.resourceQuotas());
        limits.forEach((k, q) -> {
            hard.put(k, Quantities.text(q));
            BigDecimal u = used.getOrDefault(Quantities.resourceKey(k), BigDecimal.ZERO);
            usedNode.put(k, Quantities.format(u, q));
            try {
                if (u.compareTo(Quantities.amount(q)) > 0) over.add(k + " (used " + Quantities.format(u, q) + ", limit " + Quantities.text(q) + ")");
            } catch (RuntimeException ignored) {
                // an unparseable limit limits nothing
            }
        });
        for (String k : List.of(QuotaRules.APPS, QuotaRules.TENANTS)) {
            if (!usedNode.has(k) && used.containsKey(k)) usedNode.put(k, used.get(k).toPlainString());
        }
        long generation = tenant.path("metadata").path("generation").asLong(1);
        status.put("observedGeneration", generation);
        List<String> missing = new ArrayList<>();
        for (TenantService s : List.of(TenantService.ETCD, TenantService.INGRESS, TenantService.MONITORING)) {
            if (tree.serviceNamespace(owned, s) == null) missing.add(s.field());
        }
        JsonNode prev = tenant.path("status");
        if (namespaceProblem != null) {
            status.set("conditions", Conditions.one(prev, "Ready", false, "NamespaceNotReady", namespaceProblem, generation));
        } else if (!missing.isEmpty()) {
            status.set("conditions", Conditions.one(prev, "Ready", false, "ServiceUnavailable", "no tenant from " + owned + " up to the root runs "
                    + String.join(", ", missing) + "; set spec." + missing.get(0) + ": true on this tenant or an ancestor", generation));
        } else if (!over.isEmpty()) {
            status.set("conditions", Conditions.one(prev, "Ready", false, "OverQuota", "usage is above the limit for " + String.join(", ", over)
                    + "; nothing is evicted, but new apps and tenants are refused until usage falls", generation));
        } else {
            status.set("conditions", Conditions.one(prev, "Ready", true, "Ready", "namespace " + owned + " is active; domain " + tree.domain(owned), generation));
        }
        return changed(tenant, status);
    }

    /** The tenant is not in the tree: its parent is missing (or the cache is a moment behind). */
    static ObjectNode notPlaced(ResourceKey key, ObjectNode tenant) {
        ObjectNode status = tenant.path("status").isObject() ? ((ObjectNode) tenant.get("status")).deepCopy() : Json.object();
        long generation = tenant.path("metadata").path("generation").asLong(1);
        status.set("conditions", Conditions.one(tenant.path("status"), "Ready", false, "NotPlaced", "no tenant owns namespace "
                + key.namespace() + ", where this Tenant lives; create the parent tenant first or delete this one", generation));
        return changed(tenant, status);
    }

    private static ObjectNode changed(ObjectNode tenant, ObjectNode status) {
        return Conditions.same(status, tenant.path("status")) ? null : status;
    }
}
