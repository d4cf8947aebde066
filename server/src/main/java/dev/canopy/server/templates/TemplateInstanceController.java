package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.server.controllers.WorkQueue;
import dev.canopy.server.kiosk.TemplateRendering;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each TemplateInstance's objects true. Per instance key, in order (each step idempotent):
 * <ol>
 *   <li>the instance is gone or being deleted → its record is removed (its objects leave the clusters) — done;</li>
 *   <li>{@link RenderDecision}: nothing to do → done;</li>
 *   <li>status Pending (when it had none);</li>
 *   <li>{@link RenderStep}: render;</li>
 *   <li>{@link RecordStep}: keep the objects in the instance's record (only on success; a failed re-render
 *       leaves the last good objects in place);</li>
 *   <li>{@link StatusStep}: Deployed, or Failed with reason and message.</li>
 * </ol>
 * Driven by a per-key {@link WorkQueue}: an instance change queues it; a Template change queues the instances
 * naming it; a namespace change queues the instances in it (a synced one renders again when the labels or
 * annotations its built-ins read changed); a record change queues its instance (a lost record is rendered
 * again, an orphan removed).
 * Failures are retried with backoff (200 ms … 30 s); every instance is resynced every 10 minutes.
 * Helm runs here, on the queue's worker, never in the fleet hub.
 */
public final class TemplateInstanceController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateInstanceController.class);
    private final ResourceStore store;
    private final TemplateRendering rendering;
    private final Clock clock;
    private final WorkQueue<ResourceKey> queue;
    /** instance key → template name (from the instance informer). */
    private final Map<ResourceKey, String> templateOf = new ConcurrentHashMap<>();
    /** namespace → its instances' keys, so a namespace change queues only its own instances. */
    private final Map<String, java.util.Set<ResourceKey>> byNamespace = new ConcurrentHashMap<>();
    private final SharedInformers informers;
    private final List<SharedInformer.Registration> subscriptions = new ArrayList<>();

    public TemplateInstanceController(ResourceStore store, SharedInformers informers, TemplateRendering rendering, Clock clock) {
        this.store = store;
        this.informers = informers;
        this.rendering = rendering;
        this.clock = clock;
        this.queue = new WorkQueue<>("template-instances", this::reconcile, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public TemplateInstanceController start() {
        subscriptions.add(informers.informer(TemplateKinds.TEMPLATE_INSTANCES).addHandler(new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) {
                ResourceKey k = instanceKey(Objects.namespace(o), Objects.name(o));
                templateOf.put(k, o.path("spec").path("template").asText(""));
                byNamespace.computeIfAbsent(k.namespace(), n -> ConcurrentHashMap.newKeySet()).add(k);
                queue.add(k);
            }
            @Override public void remove(ObjectNode o) {
                ResourceKey k = instanceKey(Objects.namespace(o), Objects.name(o));
                templateOf.remove(k);
                byNamespace.computeIfPresent(k.namespace(), (n, keys) -> {
                    keys.remove(k);
                    return keys.isEmpty() ? null : keys;
                });
                queue.add(k);
            }
        }));
        subscriptions.add(informers.informer(TemplateKinds.TEMPLATES).addHandler(new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { templateChanged(Objects.name(o)); }
            @Override public void remove(ObjectNode o) { templateChanged(Objects.name(o)); }
        }));
        subscriptions.add(informers.informer(RenderedTemplates.RESOURCE).addHandler(new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { queue.add(instanceKey(Objects.namespace(o), Objects.name(o))); }
            @Override public void remove(ObjectNode o) { queue.add(instanceKey(Objects.namespace(o), Objects.name(o))); }
        }));
        subscriptions.add(informers.informer("core/namespaces").addHandler(new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { byNamespace.getOrDefault(Objects.name(o), java.util.Set.of()).forEach(queue::add); }
            @Override public void remove(ObjectNode o) { }
        }));
        queue.start(() -> List.copyOf(templateOf.keySet()), Duration.ofMinutes(10));
        return this;
    }

    private void templateChanged(String template) {
        templateOf.forEach((k, t) -> { if (t.equals(template)) queue.add(k); });
    }

    static ResourceKey instanceKey(String namespace, String name) { return new ResourceKey(TemplateKinds.TEMPLATE_INSTANCES, namespace, name); }

    /** One pass over one instance; a non-null answer asks to look again after that long. */
    Duration reconcile(ResourceKey key) {
        ResourceKey recordKey = RenderedTemplates.key(key.namespace(), key.name());
        try {
            ObjectNode instance = store.get(key).orElse(null);
            if (instance == null || Objects.deleting(instance)) {
                RecordStep.remove(store, recordKey);
                return null;
            }
            ObjectNode record = store.get(recordKey).orElse(null);
            if (record != null && !RenderedTemplates.belongsTo(record, instance)) {
                RecordStep.remove(store, recordKey);   // left by an earlier instance of this name
                record = null;
            }
            String templateName = instance.path("spec").path("template").asText("");
            ObjectNode template = store.get(ResourceKey.cluster(TemplateKinds.TEMPLATES, templateName)).orElse(null);
            ObjectNode namespace = store.get(ResourceKey.cluster("core/namespaces", key.namespace())).orElse(null);
            if (namespace == null || Objects.deleting(namespace)) return null;
            if (!RenderDecision.render(instance, template, record, RenderedTemplates.namespaceFingerprint(namespace))) return null;
            if (instance.path("status").path("status").asText("").isEmpty()) {
                instance = StatusStep.write(store, key, instance, StatusStep.pending(instance.get("status")));
            }
            long generation = instance.path("metadata").path("generation").asLong(0);
            switch (RenderStep.run(rendering, instance, namespace)) {
                case RenderStep.Done d -> {
                    RecordStep.put(store, recordKey, RenderedTemplates.withFingerprint(RenderedTemplates.record(instance, key.namespace(), d.rendered()), namespace));
                    StatusStep.write(store, key, instance, StatusStep.deployed(d.rendered().templateResourceVersion(), generation, clock.instant()));
                }
                case RenderStep.Failed f -> StatusStep.write(store, key, instance, StatusStep.failed(instance.get("status"), f.reason(), f.message(),
                        template == null ? null : Objects.resourceVersion(template), generation));
            }
            return null;
        } catch (ApiException e) {
            if (e.code() == 404) return null;
            if (e.code() != 409) LOG.warn("template instance {}/{}: {}", key.namespace(), key.name(), e.getMessage());
            throw e;
        }
    }

    @Override
    public void close() {
        subscriptions.forEach(SharedInformer.Registration::close);
        queue.close();
    }
}
