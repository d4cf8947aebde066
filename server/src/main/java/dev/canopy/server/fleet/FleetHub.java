package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.agent.transport.SeedLink;
import dev.canopy.api.ApiException;
import dev.canopy.api.FrozenJson;
import dev.canopy.api.Objects;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.StatusReport;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's side of the fleet. Per Cluster, in order (each step idempotent):
 * <ol>
 *   <li>compute the desired objects (the union of its {@link DesiredObjects} sources, {@link Placement} first) and, when they changed, publish a {@link DesiredState.Delta}
 *       (the first time, and whenever a heartbeat shows the agent behind, a {@link DesiredState.Snapshot});</li>
 *   <li>ingest heartbeats, facts and apply results from the {@link SeedLink};</li>
 *   <li>write the Cluster's status ({@link ClusterStatus}) when it differs.</li>
 * </ol>
 * Revisions are the store's global revision at the time of the change (strictly increasing per cluster), so
 * they keep growing across seed restarts and an agent's remembered revision is never mistaken for a newer one.
 *
 * <p>Threading: every step runs on one loop thread; informer events and reports only queue work onto it.
 * Recomputation is coalesced (many events, one pass) and repeated whole every heartbeat interval as a retry, or
 * less often when a whole pass is slow (at most 5 % of a core: {@link #RETRY_SHARE}).
 */
public final class FleetHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetHub.class);
    private final ResourceStore store;
    private final SharedInformers informers;
    private final SeedLink link;
    private final List<DesiredObjects> sources;
    private final DesiredSets sets;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("fleet-hub").factory());
    private final AtomicBoolean recomputeQueued = new AtomicBoolean();
    /** When the next pass may start ({@link #kick}'s pacing); written by the loop thread. */
    private volatile long nextPassNanos = System.nanoTime();
    private HubCache cache;
    /** Every source answers each cluster independently of the others (so a pass may ask about some clusters only). */
    private final boolean perCluster;
    /** Loop thread only (a concurrent map so that tests may read it). */
    private final Map<String, ClusterState> clusters = new ConcurrentHashMap<>();
    /** Cluster → why the seed cannot reach its (hosted) agent; any thread. */
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Map<String, Map<String, StatusReport.NamespaceUsage>> usage = new ConcurrentHashMap<>();
    private static final int STATUS_BATCH = 16;
    /** Clusters whose status should be written, in order; loop thread only. */
    private final java.util.Set<String> statusesDue = new java.util.LinkedHashSet<>();
    private boolean flushQueued;
    /** Facts that arrived before the hub knew the cluster (an agent may start first); loop thread only. */
    private final Map<String, StatusReport.ClusterFacts> earlyFacts = new HashMap<>();
    private final List<java.util.function.BiConsumer<String, StatusReport.Usage>> usageListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FleetHub(ResourceStore store, SharedInformers informers, SeedLink link, Duration heartbeatInterval, Clock clock) {
        this(store, informers, link, List.of(new Placement()), heartbeatInterval, clock);
    }

    /** @param sources what clusters should hold, in order; an object two sources name is taken from the first */
    public FleetHub(ResourceStore store, SharedInformers informers, SeedLink link, List<DesiredObjects> sources, Duration heartbeatInterval,
                    Clock clock) {
        this.store = store;
        this.informers = informers;
        this.link = link;
        this.sources = List.copyOf(sources);
        this.sets = new DesiredSets(this.sources);
        this.perCluster = this.sources.stream().allMatch(DesiredObjects::perCluster);
        this.interval = heartbeatInterval;
        this.clock = clock;
    }

    /**
     * How many recomputation passes ran, how many of them asked about everything on some cluster (a periodic retry,
     * a Cluster change, a change no source could place), and how long they took (the loop thread's cost per change).
     */
    public record PassStats(long passes, long whole, long totalNanos, long maxNanos) {
        public double meanMs() { return passes == 0 ? 0 : totalNanos / 1e6 / passes; }

        public double maxMs() { return maxNanos / 1e6; }
    }

    private final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong wholePasses = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong passNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong passMax = new java.util.concurrent.atomic.AtomicLong();

    /** The passes since the last call (or the start), and resets the counts; for {@code canopy bench fleet}. Thread-safe. */
    public PassStats takePassStats() {
        return new PassStats(passes.getAndSet(0), wholePasses.getAndSet(0), passNanos.getAndSet(0), passMax.getAndSet(0));
    }

    public FleetHub start() {
        link.start((cluster, report) -> run(() -> ingest(cluster, report)));
        java.util.Set<String> watched = new java.util.LinkedHashSet<>(List.of(FleetKinds.CLUSTERS));
        watched.addAll(sets.watched());
        boolean statusMatters = sources.stream().anyMatch(DesiredObjects::readsClusterStatus);
        // assigned before it starts: a shared informer that has listed replays its objects at once, and each kicks a pass
        cache = new HubCache(store, informers, watched, statusMatters, sets::touched, this::kick);
        cache.start();
        loop.scheduleWithFixedDelay(() -> safely(() -> { recompute(System.nanoTime() - nextRetryNanos >= 0); writeStatuses(); }),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        kick();
        return this;
    }

    /**
     * The pod usage a cluster's agent last reported, by namespace (empty before its first report). A snapshot;
     * thread-safe.
     */
    public Map<String, StatusReport.NamespaceUsage> usage(String cluster) {
        return usage.getOrDefault(cluster, Map.of());
    }

    /** The seed's link to the agents (for RPC). */
    public SeedLink link() { return link; }

    /**
     * Records (or, with null, clears) why the seed cannot run or reach a cluster's agent, e.g. a kubeconfig
     * that cannot connect; shown as {@code Connected=False} with that message. Thread-safe.
     */
    public void connectionProblem(String cluster, String message) {
        String old = message == null ? problems.remove(cluster) : problems.put(cluster, message);
        if (java.util.Objects.equals(old, message)) return;
        run(() -> {
            ClusterState s = clusters.get(cluster);
            if (s != null) statusDue(cluster);
        });
    }

    /**
     * Asks for a recomputation soon; cheap and thread-safe. Passes are coalesced (one queued at most) and
     * paced: a pass starts no sooner after the previous one ended than that one took, so the hub uses at
     * most half a core however fast changes come. At 100,000 Spaces a pass takes a few hundred ms, and
     * back-to-back passes during a burst of creates took a whole core from the API (no effect on small
     * fleets, whose passes take milliseconds).
     */
    void kick() {
        if (!recomputeQueued.compareAndSet(false, true)) return;
        Runnable pass = () -> {
            recomputeQueued.set(false);
            recompute(false);
        };
        run(pass, nextPassNanos - System.nanoTime());
    }

    // ------------------------------------------------------------------ loop thread

    /** @param full every cluster, whatever changed (the periodic retry); else only what the changes can affect */
    void recompute(boolean full) {
        long t0 = System.nanoTime();
        wholeInPass = false;
        if (pass(full)) {
            long end = System.nanoTime(), d = end - t0;
            nextPassNanos = end + d;
            // counted with its duration when it ends, so a pass under way at takePassStats() is counted whole in the next window
            if (wholeInPass) {
                wholePasses.incrementAndGet();
                // the periodic retry takes at most 5 % of a core: at 100,000 Spaces a whole pass takes about a second
                nextRetryNanos = end + RETRY_SHARE * d;
            }
            passes.incrementAndGet();
            passNanos.addAndGet(d);
            passMax.accumulateAndGet(d, Math::max);
        }
    }

    /** A periodic whole pass waits this many times the last whole pass's duration after it. */
    private static final long RETRY_SHARE = 20;
    /** When the next periodic whole pass may run (see {@link #RETRY_SHARE}); loop thread only. */
    private long nextRetryNanos = System.nanoTime();

    /** Whether the pass under way asked some cluster about everything; loop thread only. */
    private boolean wholeInPass;

    /** The store's revision, read at most once per pass, when the first cluster needs it (a store round trip). */
    private long passRevision = -1;

    private long revisionNow() {
        if (passRevision < 0) passRevision = Math.max(store.revision(), 0);
        return passRevision;
    }

    /** @return whether a pass ran */
    private boolean pass(boolean full) {
        // until every informer has listed, a pass would send clusters a partial (or empty) desired state
        if (!cache.synced()) return false;
        HubCache.Changes changes = cache.takeChanges();
        passRevision = -1;
        List<ObjectNode> cs = cache.list(FleetKinds.CLUSTERS);
        if (full || changes.all() || (!changes.clusters().isEmpty() && !perCluster)) {
            if (cs.isEmpty()) {
                // no cluster to place anything on: the sources would still walk every Tenant and Space
                clusters.clear();
                return true;
            }
            clusters.keySet().retainAll(wholePass(cs));
            return true;
        }
        if (changes.none()) return false;
        // only some Clusters changed (added, relabelled) and every source answers each cluster on its own: ask about those
        if (!changes.clusters().isEmpty()) wholePass(cs.stream().filter(c -> changes.clusters().contains(Objects.name(c))).toList());
        // objects of some namespaces changed: recompute those namespaces on the other clusters (those above are current)
        List<ObjectNode> others = cs.stream().filter(c -> !changes.clusters().contains(Objects.name(c))).toList();
        if (!changes.namespaces().isEmpty() && !others.isEmpty()) namespacePass(others, changes.namespaces());
        return true;
    }

    /**
     * Recomputes everything the given clusters should hold and publishes what changed (a snapshot to a cluster
     * published nothing yet). At 100,000 Spaces this walks them all: the periodic retry, a Cluster added or changed.
     *
     * @return the names of the clusters asked about
     */
    private java.util.Set<String> wholePass(List<ObjectNode> cs) {
        if (cs.isEmpty()) return java.util.Set.of();
        wholeInPass = true;
        Map<String, Map<String, ObjectNode>> desired = sets.merge(cs, cache.view(), (src, view) -> src.desired(cs, view));
        boolean fresh = false;
        for (var e : desired.entrySet()) {
            ClusterState s = state(e.getKey());
            Map<String, ObjectNode> next = e.getValue();
            if (s.revision < 0) {
                s.revision = revisionNow();
                next.forEach((k, o) -> s.desired.put(k, FrozenJson.freeze(o)));
                publishSnapshot(e.getKey(), s);
                fresh = true;
                continue;
            }
            List<ObjectNode> upserts = DesiredSets.changed(s, next);
            publishDelta(e.getKey(), s, upserts, DesiredSets.gone(s, next, null));
        }
        if (fresh) writeStatuses();
        return desired.keySet();
    }

    /**
     * Recomputes only the objects of some namespaces (the sources' {@link DesiredObjects#desired(List, DesiredObjects.View, java.util.Set)})
     * on every cluster, and publishes what changed: what a Space create costs the hub, whatever the fleet's size.
     * Cluster-scoped objects it is given are added or updated, never removed (the next whole pass does that).
     */
    private void namespacePass(List<ObjectNode> cs, java.util.Set<String> namespaces) {
        Map<String, Map<String, ObjectNode>> desired = sets.merge(cs, cache.view(), (src, view) -> src.desired(cs, view, namespaces));
        List<ObjectNode> unpublished = new ArrayList<>();
        for (ObjectNode c : cs) {
            String cluster = Objects.name(c);
            ClusterState s = clusters.get(cluster);
            if (s == null || s.revision < 0) {
                unpublished.add(c);   // not published yet: it gets a whole snapshot
                continue;
            }
            Map<String, ObjectNode> next = desired.get(cluster);
            List<ObjectNode> upserts = DesiredSets.changed(s, next);
            publishDelta(cluster, s, upserts, DesiredSets.gone(s, next, namespaces));
        }
        wholePass(unpublished);
    }

    private ClusterState state(String cluster) {
        return clusters.computeIfAbsent(cluster, k -> {
            ClusterState n = new ClusterState();
            n.facts = earlyFacts.remove(k);
            return n;
        });
    }

    /** Removes {@code gone} from what was published and publishes one delta with {@code upserts}, unless both are empty. */
    private void publishDelta(String cluster, ClusterState s, List<ObjectNode> upserts, List<String> gone) {
        if (upserts.isEmpty() && gone.isEmpty()) return;
        List<ObjectRef> deletes = new ArrayList<>(gone.size());
        for (String k : gone) deletes.add(ObjectRef.of(s.desired.remove(k)));
        long to = Math.max(s.revision + 1, revisionNow());
        DesiredState.Delta delta = new DesiredState.Delta(s.revision, to, upserts, deletes);
        s.revision = to;
        link.publish(cluster, delta);
    }

    private void publishSnapshot(String cluster, ClusterState s) {
        s.lastPublished = clock.instant();
        link.publish(cluster, new DesiredState.Snapshot(s.revision, new ArrayList<>(s.desired.values())));
    }

    /** Receives every usage report of a known cluster (on the hub's loop thread; keep it short). */
    public void onUsage(java.util.function.BiConsumer<String, StatusReport.Usage> listener) { usageListeners.add(listener); }

    void ingest(String cluster, StatusReport report) {
        ClusterState s = clusters.get(cluster);
        if (s == null) {
            if (report instanceof StatusReport.ClusterFacts f && earlyFacts.size() < 10_000) earlyFacts.put(cluster, f);
            LOG.debug("report from unknown cluster {} ignored", cluster);
            return;
        }
        Instant now = clock.instant();
        switch (report) {
            case StatusReport.Heartbeat h -> {
                boolean first = s.lastHeartbeat == null;
                s.lastHeartbeat = now;
                s.agentVersion = h.agentVersion();
                s.appliedRevision = h.appliedRevision();
                boolean behind = h.appliedRevision() != s.revision;
                boolean quiet = s.lastPublished == null || Duration.between(s.lastPublished, now).compareTo(interval) >= 0;
                if (behind && (first || quiet) && s.applyFailure == null) publishSnapshot(cluster, s);
                if (first) statusDue(cluster);
            }
            case StatusReport.ClusterFacts f -> s.facts = f;
            case StatusReport.ApplyResults r -> {
                int managed = 0;
                String failure = null;
                for (StatusReport.ApplyResult a : r.results()) {
                    if (a.outcome() == StatusReport.Outcome.FAILED) {
                        failure = a.object().kind() + " " + a.object().name() + ": " + a.message();
                    } else if (a.outcome() != StatusReport.Outcome.DELETED && a.outcome() != StatusReport.Outcome.RELEASED) {
                        managed++;
                    }
                }
                s.managedObjects = managed;
                s.applyFailure = failure;
                if (failure == null) s.appliedRevision = Math.max(s.appliedRevision, r.revision());
                statusDue(cluster);
            }
            case StatusReport.Usage u -> {
                Map<String, StatusReport.NamespaceUsage> byNs = new java.util.TreeMap<>();
                for (StatusReport.NamespaceUsage n : u.namespaces()) byNs.put(n.namespace(), n);
                Map<String, StatusReport.NamespaceUsage> old = usage.put(cluster, Map.copyOf(byNs));
                if (!byNs.equals(old)) usageListeners.forEach(l -> l.accept(cluster, u));
            }
            case StatusReport.DriftReport d -> {
                s.lastDrift = now;
                s.driftsFound += d.objects().size();
                s.lastDriftObjects = d.objects().subList(0, Math.min(d.objects().size(), ClusterStatus.MAX_DRIFT_SHOWN));
                LOG.info("cluster {}: {} drifted object(s) found, {} repaired", cluster, d.objects().size(),
                        d.objects().stream().filter(StatusReport.Drift::repaired).count());
                statusDue(cluster);
            }
        }
    }

    /** Every cluster's status is due (written in batches, see {@link #statusDue}). */
    void writeStatuses() {
        clusters.keySet().forEach(this::statusDue);
    }

    /**
     * Queues a status write for {@code cluster}. Writes go out {@value #STATUS_BATCH} clusters per loop task,
     * each batch queued behind whatever else is waiting: a status write costs a store round trip, and
     * hundreds of apply results arriving together must not hold back the next recomputation (and its deltas).
     * A cluster due twice is written once, with its latest state.
     */
    private void statusDue(String cluster) {
        statusesDue.add(cluster);
        if (!flushQueued) {
            flushQueued = true;
            run(this::flushStatuses);
        }
    }

    private void flushStatuses() {
        flushQueued = false;
        var it = statusesDue.iterator();
        for (int n = 0; n < STATUS_BATCH && it.hasNext(); n++) {
            String cluster = it.next();
            it.remove();
            ClusterState s = clusters.get(cluster);
            if (s != null) writeStatus(cluster, s);
        }
        if (!statusesDue.isEmpty() && !flushQueued) {
            flushQueued = true;
            run(this::flushStatuses);
        }
    }

    private void writeStatus(String cluster, ClusterState s) {
        ResourceKey key = ResourceKey.cluster(FleetKinds.CLUSTERS, cluster);
        ObjectNode current = store.get(key).orElse(null);
        if (current == null || Objects.deleting(current)) return;
        s.connectionProblem = problems.get(cluster);
        ObjectNode status = ClusterStatus.of(s, current.path("status"), clock.instant(), interval);
        if (status.equals(current.get("status"))) return;
        ObjectNode copy = current.deepCopy();
        copy.set("status", status);
        Objects.metadata(copy).remove("resourceVersion");
        try {
            store.update(key, copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) LOG.warn("cluster {}: status not written: {}", cluster, e.getMessage());
        }
    }

    private void run(Runnable r) { run(r, 0); }

    /** Runs {@code r} on the loop thread after {@code delayNanos} (at once when not positive). */
    private void run(Runnable r, long delayNanos) {
        try {
            if (delayNanos <= 0) loop.execute(() -> safely(r));
            else loop.schedule(() -> safely(r), delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            if (loop.isShutdown()) LOG.debug("fleet hub pass cut short by shutdown: {}", e.toString());
            else LOG.warn("fleet hub pass failed; retrying", e);
        }
    }

    @Override
    public void close() {
        if (cache != null) cache.close();
        // finish the pass in hand (interrupting it mid-query breaks a pooled connection and logs errors)
        loop.shutdown();
        try {
            if (!loop.awaitTermination(2, TimeUnit.SECONDS)) loop.shutdownNow();
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
        link.close();
    }
}
