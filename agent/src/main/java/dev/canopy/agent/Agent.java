package dev.canopy.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.agent.transport.AgentLink;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.Snapshots;
import dev.canopy.backbone.protocol.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's agent session. Desired state ({@link DesiredState.Snapshot}, then {@link DesiredState.Delta}s)
 * is applied through the {@link ClusterDriver}; managed objects no longer desired are pruned, but only after
 * every desired object applied successfully (an object annotated {@code helm.sh/resource-policy: keep} is
 * released instead: left on the cluster without Canopy's label). The agent remembers the revision it last applied and reports it
 * in every heartbeat; a delta that does not start from its revision is ignored (the seed answers the lagging
 * heartbeat with a snapshot), and a snapshot of the revision already applied with the same objects is a
 * no-op, so a reconnect resumes without applying anything twice. A failed apply is retried on the next
 * heartbeat tick. Every tick with the desired state applied, the agent also repairs drift (objects someone
 * else changed or deleted, {@link DriftCheck}) and reports it, and reports the pod usage of its namespaces.
 *
 * <p>Threading: all state changes run on one session thread (desired state, heartbeats, re-apply);
 * RPC reads the driver (thread-safe) and volatile fields from the transport's thread.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    public static final String VERSION = "0.1.0";

    /** @param factsEvery send cluster facts with every n-th heartbeat (and at start) */
    public record Options(String agentVersion, Duration heartbeatInterval, int factsEvery) {
        public static Options defaults() { return new Options(VERSION, Duration.ofSeconds(10), 6); }

        public Options withHeartbeat(Duration d) { return new Options(agentVersion, d, factsEvery); }
    }

    private final String cluster;
    private final ClusterDriver driver;
    private final AgentLink link;
    private final Options options;
    private final Clock clock;
    private final ScheduledExecutorService session;

    // session thread only
    private final Snapshots.Assembler assembler = new Snapshots.Assembler();
    private final Map<String, ObjectNode> desired = new LinkedHashMap<>();
    private long ticks;
    private List<StatusReport.NamespaceUsage> lastUsage;
    private volatile int drifts;
    // written on the session thread, read by RPC
    private volatile long desiredRevision = -1;
    private volatile long appliedRevision;
    private volatile int applies;

    public Agent(String cluster, ClusterDriver driver, AgentLink link, Options options, Clock clock) {
        this.cluster = cluster;
        this.driver = driver;
        this.link = link;
        this.options = options;
        this.clock = clock;
        this.session = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("agent-" + cluster).factory());
    }

    /** Subscribes, then sends facts and a heartbeat at once and a heartbeat every interval. */
    public Agent start() {
        link.start(m -> run(() -> onDesired(m)), this::answer);
        session.scheduleWithFixedDelay(() -> safely(this::tick), 0, options.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public String cluster() { return cluster; }

    public ClusterDriver driver() { return driver; }

    /** The revision of the desired state last applied completely (0 before the first). */
    public long appliedRevision() { return appliedRevision; }

    /** How many drifted objects the agent found (repaired or not) since it started. */
    public int drifts() { return drifts; }

    /** How many times the agent applied (not counting no-ops); for tests. */
    public int applies() { return applies; }

    // ------------------------------------------------------------------ session thread

    void tick() {
        boolean factsTurn = ticks++ % options.factsEvery() == 0;
        if (factsTurn) link.send(driver.facts());
        if (desiredRevision > appliedRevision) apply(false);   // retry a failed apply
        else repairDrift();
        reportUsage(factsTurn);
        link.send(new StatusReport.Heartbeat(options.agentVersion(), clock.instant(), appliedRevision));
    }

    /**
     * Finds desired objects someone else changed or deleted ({@link DriftCheck}), applies them again and reports
     * what it found and whether each repair worked. Only when the desired state is applied (otherwise the next
     * apply repairs everything anyway). Lists only the kinds the seed placed.
     */
    void repairDrift() {
        if (desiredRevision < 0 || desired.isEmpty()) return;
        List<ObjectNode> applied = new ArrayList<>();
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (ObjectNode o : desired.values()) {
            applied.add(labelled(o));
            kinds.add(o.path("kind").asText());
        }
        List<ObjectNode> live = new ArrayList<>();
        try {
            for (String k : kinds) live.addAll(driver.listManaged(k));
        } catch (RuntimeException e) {
            LOG.debug("agent {}: drift check skipped: {}", cluster, e.getMessage());
            return;
        }
        List<StatusReport.Drift> found = DriftCheck.find(ApplyOrder.forApply(applied), live);
        if (found.isEmpty()) return;
        List<StatusReport.Drift> report = new ArrayList<>();
        for (StatusReport.Drift d : found) {
            boolean repaired;
            try {
                driver.apply(labelled(desired.get(key(d.object()))));
                repaired = true;
            } catch (RuntimeException e) {
                repaired = false;
                LOG.warn("agent {}: drifted {} {} not repaired: {}", cluster, d.object().kind(), d.object().name(), e.getMessage());
            }
            report.add(new StatusReport.Drift(d.object(), d.kind(), repaired));
        }
        drifts += report.size();
        link.send(new StatusReport.DriftReport(report));
    }

    /** Pod usage of the namespaces the seed placed here; sent when it changed, and with every facts report. */
    void reportUsage(boolean always) {
        List<String> namespaces = new ArrayList<>();
        for (ObjectNode o : desired.values()) if (o.path("kind").asText().equals("Namespace")) namespaces.add(o.path("metadata").path("name").asText());
        if (namespaces.isEmpty() && lastUsage == null) return;
        List<StatusReport.NamespaceUsage> usage;
        try {
            usage = driver.usage(namespaces);
        } catch (RuntimeException e) {
            LOG.debug("agent {}: usage not read: {}", cluster, e.getMessage());
            return;
        }
        if (!always && usage.equals(lastUsage)) return;
        lastUsage = usage;
        link.send(new StatusReport.Usage(clock.instant(), usage));
    }

    void onDesired(DesiredState message) {
        switch (message) {
            case DesiredState.Snapshot s -> {
                List<ObjectNode> all = assembler.add(s);
                if (all == null) return;
                Map<String, ObjectNode> next = new LinkedHashMap<>();
                for (ObjectNode o : all) next.put(key(ObjectRef.of(o)), o);
                if (s.clusterRevision() == appliedRevision && next.equals(desired)) return;   // already applied
                if (s.clusterRevision() < desiredRevision) return;   // stale
                desired.clear();
                desired.putAll(next);
                desiredRevision = s.clusterRevision();
                apply(false);
            }
            case DesiredState.Delta d -> {
                if (d.toRevision() <= desiredRevision) return;   // repeated
                if (d.fromRevision() != desiredRevision) {
                    LOG.info("agent {}: delta from {} but at {}; waiting for a snapshot", cluster, d.fromRevision(), desiredRevision);
                    return;
                }
                for (ObjectRef r : d.deletes()) desired.remove(key(r));
                for (ObjectNode o : d.upserts()) desired.put(key(ObjectRef.of(o)), o);
                desiredRevision = d.toRevision();
                apply(false);
            }
        }
    }

    /** Applies every desired object ({@link ApplyOrder}), then (only if all succeeded) prunes; reports the results. */
    void apply(boolean force) {
        if (desiredRevision < 0 || (!force && desiredRevision == appliedRevision)) return;
        applies++;
        long revision = desiredRevision;
        List<StatusReport.ApplyResult> results = new ArrayList<>();
        boolean ok = true;
        for (ObjectNode o : ApplyOrder.forApply(desired.values())) {
            ObjectRef ref = ObjectRef.of(o);
            try {
                results.add(new StatusReport.ApplyResult(ref, driver.apply(labelled(o)), null));
            } catch (RuntimeException e) {
                ok = false;
                results.add(new StatusReport.ApplyResult(ref, StatusReport.Outcome.FAILED, String.valueOf(e.getMessage())));
            }
        }
        if (ok) {
            for (ObjectNode m : ApplyOrder.forPrune(driver.listManaged(null))) {
                ObjectRef ref = ObjectRef.of(m);
                if (desired.containsKey(key(ref))) continue;
                try {
                    if (ClusterDriver.keep(m)) {
                        // Helm's keep policy: leave it on the cluster, but stop managing it
                        if (driver.release(ref)) results.add(new StatusReport.ApplyResult(ref, StatusReport.Outcome.RELEASED,
                                ClusterDriver.RESOURCE_POLICY + ": keep"));
                    } else if (driver.delete(ref)) results.add(new StatusReport.ApplyResult(ref, StatusReport.Outcome.DELETED, null));
                } catch (RuntimeException e) {
                    ok = false;
                    results.add(new StatusReport.ApplyResult(ref, StatusReport.Outcome.FAILED, "prune: " + e.getMessage()));
                }
            }
        }
        if (ok) appliedRevision = revision;
        link.send(new StatusReport.ApplyResults(revision, results));
    }

    // ------------------------------------------------------------------ RPC (transport thread)

    RpcResponse answer(RpcRequest request) {
        return switch (request) {
            case RpcRequest.Ping p -> new RpcResponse.Pong(options.agentVersion(), appliedRevision);
            case RpcRequest.ListObjects l -> new RpcResponse.ObjectList(driver.listManaged(l.kind()));
            case RpcRequest.GetObject g -> new RpcResponse.ObjectFound(driver.get(g.kind(), g.namespace(), g.name()).orElse(null));
            case RpcRequest.ReapplyNow r -> {
                run(() -> apply(true));
                yield new RpcResponse.ReapplyAccepted(Math.max(0, desiredRevision));
            }
        };
    }

    private static ObjectNode labelled(ObjectNode o) {
        ObjectNode c = o.deepCopy();
        c.withObject("metadata").withObject("labels").put(ClusterDriver.MANAGED_BY, ClusterDriver.CANOPY);
        return c;
    }

    static String key(ObjectRef r) { return r.kind() + "/" + (r.namespace() == null ? "" : r.namespace()) + "/" + r.name(); }

    private void run(Runnable r) {
        try {
            session.execute(() -> safely(r));
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closed
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("agent {} failed", cluster, e);
        }
    }

    /** Stops heartbeats and the link; the driver stays (the cluster keeps its objects). */
    @Override
    public void close() {
        link.close();
        session.shutdownNow();
    }
}
