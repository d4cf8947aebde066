package dev.canopy.server.kiosk;

import dev.canopy.backbone.protocol.StatusReport;
import dev.canopy.tenancy.kiosk.QuotaAllocation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest usage the agents reported for each Space namespace (pods, cpu and memory requests and limits,
 * as ResourceQuota keys). In memory: after a seed restart usage is known again with the agents' next
 * reports; until then it is unknown ({@link #of} is empty: left out of the quotas' {@code used}, counted as
 * zero when shares are computed). Thread-safe.
 */
public final class SpaceUsage {
    private final KioskCache cache;
    private final Map<String, Map<String, BigDecimal>> byNamespace = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public SpaceUsage(KioskCache cache) {
        this.cache = cache;
        // a deleted Space's usage goes with it: a new Space of that name is unknown until its agent reports it
        cache.onSpaceChange(ns -> { if (cache.accountOfSpace(ns) == null) byNamespace.remove(ns); });
    }

    /** Called with the namespace whose usage changed. */
    public void onChange(Consumer<String> l) { listeners.add(l); }

    /** A cluster's report: only Space namespaces are kept. */
    public void ingest(String cluster, StatusReport.Usage report) {
        for (StatusReport.NamespaceUsage n : report.namespaces()) {
            if (cache.accountOfSpace(n.namespace()) == null) continue;
            put(n.namespace(), QuotaAllocation.usage(n.pods(), n.cpuRequestsMillis(), n.cpuLimitsMillis(), n.memoryRequestsBytes(), n.memoryLimitsBytes()));
        }
    }

    void put(String namespace, Map<String, BigDecimal> usage) {
        Map<String, BigDecimal> before = byNamespace.put(namespace, Map.copyOf(usage));
        if (!usage.equals(before)) listeners.forEach(l -> l.accept(namespace));
    }

    public Map<String, BigDecimal> of(String namespace) { return byNamespace.getOrDefault(namespace, Map.of()); }
}
