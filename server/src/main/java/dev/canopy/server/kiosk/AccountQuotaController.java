package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.server.controllers.WorkQueue;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.kiosk.QuotaAllocation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Step 9: per AccountQuota key, its status: {@code total.hard} (its own limits), {@code total.used} (the
 * reported usage summed over all the account's Spaces on all clusters, for the resources it limits) and
 * {@code namespaces[]} (each Space's usage). Queued by the quota changing, Spaces joining or leaving its
 * account, and new usage of one of them. The per-namespace ResourceQuotas the clusters enforce are
 * {@link SpacePlacement}'s, computed from these statuses. Writes only changed statuses. Idempotent.
 */
public final class AccountQuotaController implements AutoCloseable {
    private final ResourceStore store;
    private final KioskCache cache;
    private final SpaceUsage usage;
    private final WorkQueue<String> queue;

    public AccountQuotaController(ResourceStore store, KioskCache cache, SpaceUsage usage) {
        this.store = store;
        this.cache = cache;
        this.usage = usage;
        this.queue = new WorkQueue<>("accountquota-controller", this::reconcile, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public AccountQuotaController start() {
        cache.onQuotaChange(queue::add);
        cache.onAccountChange(a -> queue.addAll(cache.quotasOf(a)));
        usage.onChange(ns -> {
            String a = cache.accountOfSpace(ns);
            if (a != null) queue.addAll(cache.quotasOf(a));
        });
        queue.start(cache::quotaNames, SpaceController.RESYNC);
        return this;
    }

    Duration reconcile(String name) {
        ResourceKey key = ResourceKey.cluster(KioskKinds.ACCOUNT_QUOTAS, name);
        ObjectNode q = store.get(key).orElse(null);
        if (q == null || Objects.deleting(q)) return null;
        ObjectNode status = status(q, cache.spacesOf(Objects.text(q, "spec.account")), usage);
        if (status.equals(q.get("status"))) return null;
        ObjectNode next = q.deepCopy();
        next.set("status", status);
        store.update(key, next, new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
        return null;
    }

    /** The status of quota {@code q} over {@code spaces} (pure apart from reading {@code usage}). */
    static ObjectNode status(ObjectNode q, List<String> spaces, SpaceUsage usage) {
        Map<String, BigDecimal> hard = QuotaAllocation.effectiveHard(List.of(q));
        Map<String, BigDecimal> total = new TreeMap<>();
        hard.keySet().forEach(r -> total.put(r, BigDecimal.ZERO));
        ObjectNode status = Json.object();
        ArrayNode nss = Json.MAPPER.createArrayNode();
        for (String ns : spaces) {
            Map<String, BigDecimal> u = usage.of(ns);
            ObjectNode used = Json.object();
            for (String r : hard.keySet()) {
                BigDecimal v = u.getOrDefault(r, BigDecimal.ZERO);
                total.merge(r, v, BigDecimal::add);
                used.put(r, QuotaAllocation.format(v));
            }
            ObjectNode one = nss.addObject().put("namespace", ns);
            one.putObject("status").set("used", used);
        }
        ObjectNode t = status.putObject("total");
        ObjectNode h = t.putObject("hard");
        Objects.at(q, "spec.quota.hard").properties().forEach(e -> h.set(e.getKey(), e.getValue().deepCopy()));
        ObjectNode used = t.putObject("used");
        total.forEach((r, v) -> used.put(r, QuotaAllocation.format(v)));
        status.set("namespaces", nss);
        return status;
    }

    @Override
    public void close() { queue.close(); }
}
