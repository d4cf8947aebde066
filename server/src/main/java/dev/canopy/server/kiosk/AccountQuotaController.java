package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.server.controllers.WorkQueue;
import dev.canopy.store.Command;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.Quantities;
import dev.canopy.tenancy.kiosk.QuotaAllocation;
import dev.canopy.tenancy.kiosk.QuotaPhases;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Step 9: per AccountQuota key, its status: {@code total.hard} (its own limits), {@code total.used} (the
 * reported usage summed over all the account's Spaces on all clusters, for the resources it limits that the
 * agents report, {@link QuotaAllocation#REPORTED}, once every Space was reported; others are left out, not 0) and
 * {@code namespaces[]} (each Space's usage and its published share of the account's limits). Shares move in
 * two phases ({@link QuotaPhases}): shrinking shares are published first; growing ones only once every
 * cluster holding a shrunk namespace reports an applied revision at or past that publication (the Cluster's
 * {@code status.appliedRevision}), so the clusters' ResourceQuotas ({@link QuotaPlacement}) never add up to
 * more than the limit. Queued by the quota changing, Spaces joining or leaving its account, and new usage;
 * while a lowering waits, every second. Writes only changed statuses. Idempotent (a lowering in flight is
 * remembered in memory per account; after a restart the next lowering waits again). All quotas of an
 * account are written in one transaction, so one revision marks a lowering.
 */
public final class AccountQuotaController implements AutoCloseable {
    private final ResourceStore store;
    private final KioskCache cache;
    private final SpaceUsage usage;
    private final WorkQueue<String> queue;
    private final Map<String, Pending> pending = new java.util.concurrent.ConcurrentHashMap<>();

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
        ObjectNode q = store.get(ResourceKey.cluster(KioskKinds.ACCOUNT_QUOTAS, name)).orElse(null);
        if (q == null || Objects.deleting(q)) return null;
        // the shares are the account's, whichever of its quotas was queued: all its quotas are written together
        String account = Objects.text(q, "spec.account");
        List<ObjectNode> quotas = new ArrayList<>();
        for (ObjectNode o : store.list(ListOptions.all(KioskKinds.ACCOUNT_QUOTAS)).items()) {
            if (account.equals(Objects.text(o, "spec.account")) && !Objects.deleting(o)) quotas.add(o);
        }
        List<String> spaces = cache.spacesOf(account);
        // agents report usage over all pods; a scope the clusters enforce (commonScope) counts only some, so
        // its shares are split evenly (they still add up to the limit) instead of following unscoped usage
        boolean scoped = QuotaAllocation.commonScope(quotas) != null;
        Map<String, Map<String, BigDecimal>> used = new TreeMap<>();
        if (!scoped) for (String ns : spaces) used.put(ns, usage.of(ns));
        var target = QuotaAllocation.allocate(QuotaAllocation.effectiveHard(quotas), spaces, used);
        QuotaPhases.Step step = QuotaPhases.next(published(quotas), target, acknowledged(account));
        List<String> names = quotas.stream().map(Objects::name).toList();
        Long revision = store.transact(view -> {
            List<Command.Write> writes = new ArrayList<>();
            for (String n : names) {
                ResourceKey k = ResourceKey.cluster(KioskKinds.ACCOUNT_QUOTAS, n);
                ObjectNode cur = view.get(k).orElse(null);
                if (cur == null || Objects.deleting(cur)) continue;
                ObjectNode status = status(cur, spaces, usage, step.publish());
                if (status.equals(cur.get("status"))) continue;
                cur.set("status", status);
                writes.add(new Command.Put(k, cur));
            }
            return new Command.Decision<>(writes, writes.isEmpty() ? null : Long.valueOf(0));
        });
        if (step.lowering() && !pending.containsKey(account)) {
            // the revision of the last quota written (one transaction): clusters must apply at least that
            long r = revision == null ? store.revision() : names.stream()
                    .map(n -> store.get(ResourceKey.cluster(KioskKinds.ACCOUNT_QUOTAS, n)).map(o -> Long.parseLong(Objects.resourceVersion(o))).orElse(0L))
                    .max(Long::compare).orElse(store.revision());
            pending.put(account, new Pending(r, clustersOf(step.lowered())));
        }
        return pending.containsKey(account) ? Duration.ofSeconds(1) : null;
    }

    /** What the account's quotas publish now: per namespace and resource the lowest share any of them shows. */
    static Map<String, Map<String, BigDecimal>> published(List<ObjectNode> quotas) {
        Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
        for (ObjectNode q : quotas) {
            shares(q).forEach((ns, m) -> m.forEach((r, v) -> out.computeIfAbsent(ns, x -> new TreeMap<>()).merge(r, v, BigDecimal::min)));
        }
        return out;
    }

    /** A lowering step published at {@code revision}: the clusters holding the lowered namespaces must apply it before any raise. */
    record Pending(long revision, Set<String> clusters) {}

    /** Whether the account's last lowering step has been applied by every cluster concerned (true when none is in flight). */
    private boolean acknowledged(String account) {
        Pending p = pending.get(account);
        if (p == null) return true;
        for (String c : p.clusters()) {
            ObjectNode cluster = store.get(ResourceKey.cluster(FleetKinds.CLUSTERS, c)).orElse(null);
            if (cluster == null || Objects.deleting(cluster)) continue;   // a cluster that is gone enforces nothing
            if (Objects.at(cluster, "status.appliedRevision").asLong(-1) < p.revision()) return false;
        }
        pending.remove(account);
        return true;
    }

    private Set<String> clustersOf(Set<String> namespaces) {
        Set<String> out = new TreeSet<>();
        for (String ns : namespaces) {
            store.get(ResourceKey.cluster(KioskKinds.SPACES, ns)).map(s -> Objects.text(s, "spec.cluster")).filter(c -> !c.isEmpty()).ifPresent(out::add);
        }
        return out;
    }

    /** The shares a quota's status publishes: namespace → resource → share. */
    static Map<String, Map<String, BigDecimal>> shares(JsonNode quota) {
        Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
        for (JsonNode n : Objects.at(quota, "status.namespaces")) {
            Map<String, BigDecimal> m = new TreeMap<>();
            n.path("status").path("hard").properties().forEach(e -> {
                try {
                    m.put(e.getKey(), Quantities.amount(e.getValue().asText()));
                } catch (RuntimeException bad) {
                    // written by this controller; a bad value counts as no share
                }
            });
            out.put(n.path("namespace").asText(), m);
        }
        return out;
    }

    /** The status of quota {@code q} over {@code spaces} (pure apart from reading {@code usage}). */
    static ObjectNode status(ObjectNode q, List<String> spaces, SpaceUsage usage, Map<String, Map<String, BigDecimal>> shares) {
        Map<String, BigDecimal> hard = QuotaAllocation.effectiveHard(List.of(q));
        // used is shown only where it is known: resources the agents report, namespaces they have reported;
        // a total is shown only when every namespace's part of it is known (unknown is never shown as 0)
        Map<String, BigDecimal> total = new TreeMap<>();
        // a scoped quota limits only some pods; the agents' usage covers all of them: unknown
        if (!QuotaAllocation.scoped(q)) hard.keySet().stream().filter(QuotaAllocation::reported).forEach(r -> total.put(r, BigDecimal.ZERO));
        java.util.Set<String> unknown = new TreeSet<>();
        ObjectNode status = Json.object();
        ArrayNode nss = Json.MAPPER.createArrayNode();
        for (String ns : spaces) {
            Map<String, BigDecimal> u = usage.of(ns);
            ObjectNode used = Json.object();
            for (String r : List.copyOf(total.keySet())) {
                BigDecimal v = u.get(r);
                if (v == null) {
                    unknown.add(r);
                    continue;
                }
                total.merge(r, v, BigDecimal::add);
                used.put(r, QuotaAllocation.format(v));
            }
            ObjectNode one = nss.addObject().put("namespace", ns);
            ObjectNode st = one.putObject("status");
            ObjectNode hardShare = st.putObject("hard");
            shares.getOrDefault(ns, Map.of()).forEach((r, v) -> hardShare.put(r, QuotaAllocation.format(v)));
            st.set("used", used);
        }
        ObjectNode t = status.putObject("total");
        ObjectNode h = t.putObject("hard");
        Objects.at(q, "spec.quota.hard").properties().forEach(e -> h.set(e.getKey(), e.getValue().deepCopy()));
        ObjectNode used = t.putObject("used");
        total.forEach((r, v) -> { if (!unknown.contains(r)) used.put(r, QuotaAllocation.format(v)); });
        status.set("namespaces", nss);
        return status;
    }

    @Override
    public void close() { queue.close(); }
}
