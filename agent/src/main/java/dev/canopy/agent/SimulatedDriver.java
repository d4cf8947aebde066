package dev.canopy.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.StatusReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory cluster with Kubernetes-like semantics: objects keyed by kind, namespace and name; the
 * server fills {@code uid}, {@code resourceVersion} and {@code creationTimestamp}; an update that changes
 * nothing is {@code UNCHANGED} and keeps the resourceVersion; objects without the managed-by label are
 * never updated or deleted. Named {@code simulated} wherever it shows. Thread-safe (a concurrent map,
 * each write a single atomic compute).
 */
public final class SimulatedDriver implements ClusterDriver {
    /** Fields the (simulated) API server owns; ignored when deciding whether an update changes anything. */
    private static final Set<String> SERVER_FIELDS = Set.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields");

    private record Key(String kind, String namespace, String name) {}

    private final Map<Key, ObjectNode> objects = new ConcurrentHashMap<>();
    private final AtomicLong resourceVersion = new AtomicLong();
    private final String kubernetesVersion;
    private final int nodeCount;
    private volatile String failApplyOf;

    public SimulatedDriver(String kubernetesVersion, int nodeCount) {
        this.kubernetesVersion = kubernetesVersion;
        this.nodeCount = nodeCount;
    }

    public SimulatedDriver() { this("v1.32.0-simulated", 3); }

    @Override
    public String name() { return "simulated"; }

    @Override
    public StatusReport.Outcome apply(ObjectNode object) {
        Key key = key(ObjectRef.of(object));
        if (key.name().equals(failApplyOf)) throw new DriverException("simulated failure applying " + key.name());
        StatusReport.Outcome[] outcome = new StatusReport.Outcome[1];
        objects.compute(key, (k, current) -> {
            if (current == null) {
                ObjectNode created = object.deepCopy();
                ObjectNode md = created.withObject("metadata");
                md.put("uid", UUID.randomUUID().toString());
                md.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                md.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
                outcome[0] = StatusReport.Outcome.CREATED;
                return created;
            }
            if (!ClusterDriver.managed(current)) {
                throw new DriverException(key.kind() + " " + key.name() + " exists and is not managed by Canopy (no label "
                        + MANAGED_BY + "=" + CANOPY + "); left alone");
            }
            if (withoutServerFields(current).equals(withoutServerFields(object))) {
                outcome[0] = StatusReport.Outcome.UNCHANGED;
                return current;
            }
            ObjectNode updated = object.deepCopy();
            ObjectNode md = updated.withObject("metadata");
            for (String f : List.of("uid", "creationTimestamp")) md.set(f, current.path("metadata").get(f));
            md.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
            outcome[0] = StatusReport.Outcome.UPDATED;
            return updated;
        });
        return outcome[0];
    }

    @Override
    public boolean delete(ObjectRef ref) {
        boolean[] deleted = new boolean[1];
        objects.computeIfPresent(key(ref), (k, current) -> {
            if (!ClusterDriver.managed(current)) return current;
            deleted[0] = true;
            return null;
        });
        return deleted[0];
    }

    @Override
    public boolean release(ObjectRef ref) {
        boolean[] released = new boolean[1];
        objects.computeIfPresent(key(ref), (k, current) -> {
            if (!ClusterDriver.managed(current)) return current;
            ObjectNode copy = current.deepCopy();
            ((ObjectNode) copy.path("metadata").path("labels")).remove(MANAGED_BY);
            copy.withObject("metadata").put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
            released[0] = true;
            return copy;
        });
        return released[0];
    }

    @Override
    public List<ObjectNode> listManaged(String kind) {
        List<ObjectNode> out = new ArrayList<>();
        objects.forEach((k, o) -> {
            if ((kind == null || kind.equals(k.kind())) && ClusterDriver.managed(o)) out.add(o.deepCopy());
        });
        out.sort(Comparator.comparing((ObjectNode o) -> o.path("kind").asText())
                .thenComparing(o -> o.path("metadata").path("namespace").asText())
                .thenComparing(o -> o.path("metadata").path("name").asText()));
        return out;
    }

    @Override
    public Optional<ObjectNode> get(String kind, String namespace, String name) {
        return Optional.ofNullable(objects.get(new Key(kind, namespace, name))).map(ObjectNode::deepCopy);
    }

    /** From the Pods the simulated cluster holds (put with {@link #putForeign}, as users would create them). */
    @Override
    public List<StatusReport.NamespaceUsage> usage(java.util.Collection<String> namespaces) {
        List<ObjectNode> pods = new ArrayList<>();
        objects.forEach((k, o) -> { if (k.kind().equals("Pod")) pods.add(o); });
        return PodUsage.of(pods, namespaces);
    }

    /** Changes an object as someone else would (kubectl edit by hand), keeping its labels; for drift tests. */
    public void tamper(String kind, String namespace, String name, java.util.function.Consumer<ObjectNode> change) {
        objects.computeIfPresent(new Key(kind, namespace, name), (k, current) -> {
            ObjectNode o = current.deepCopy();
            change.accept(o);
            o.withObject("metadata").put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
            return o;
        });
    }

    /** Deletes an object as someone else would, managed or not; for drift tests. */
    public void deleteForeign(String kind, String namespace, String name) { objects.remove(new Key(kind, namespace, name)); }

    @Override
    public StatusReport.ClusterFacts facts() { return new StatusReport.ClusterFacts(kubernetesVersion, nodeCount, name()); }

    // ------------------------------------------------------------------ for tests and demos

    /** Puts an object as someone else would (no managed-by label is added). */
    public void putForeign(ObjectNode object) {
        ObjectNode o = object.deepCopy();
        o.withObject("metadata").put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
        objects.put(key(ObjectRef.of(o)), o);
    }

    /** Makes every apply of an object with this name fail (null: none), to exercise failure paths. */
    public void failApplyOf(String name) { this.failApplyOf = name; }

    /** Every object, managed or not. */
    public int size() { return objects.size(); }

    private static Key key(ObjectRef ref) { return new Key(ref.kind(), ref.namespace(), ref.name()); }

    private static ObjectNode withoutServerFields(ObjectNode o) {
        ObjectNode c = o.deepCopy();
        c.remove("status");
        ObjectNode md = c.withObject("metadata");
        SERVER_FIELDS.forEach(md::remove);
        return c;
    }
}
