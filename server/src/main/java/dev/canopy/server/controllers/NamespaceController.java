package dev.canopy.server.controllers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties namespaces that are being deleted. Steps, in order, for a namespace with a deletionTimestamp:
 * <ol>
 *   <li>mark it Terminating;</li>
 *   <li>delete every namespaced object in it, of every stored kind;</li>
 *   <li>while objects remain (held by their own finalizers), say which in the
 *       {@code NamespaceContentRemaining}/{@code NamespaceFinalizersRemaining} conditions and retry;</li>
 *   <li>remove {@link NamespaceLifecycle#FINALIZER}, letting the store delete the namespace.</li>
 * </ol>
 * Idempotent: every step may run again. Runs on one thread (informer events plus a 2 s retry timer).
 */
public final class NamespaceController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);
    private final ResourceStore store;
    private final Registry registry;
    private final SharedInformers informers;
    private SharedInformer.Registration subscription;
    /** Namespaces being deleted, as the shared informer last showed them (its handler keeps this; the sweep reads). */
    private final java.util.Set<String> terminating = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());

    public NamespaceController(ResourceStore store, SharedInformers informers, Registry registry) {
        this.store = store;
        this.informers = informers;
        this.registry = registry;
    }

    public NamespaceController start() {
        subscription = informers.informer(NamespaceLifecycle.NAMESPACES).addHandler(new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) {
                if (Objects.deleting(o)) {
                    terminating.add(Objects.name(o));
                    retry.execute(() -> reconcile(Objects.name(o)));
                } else {
                    terminating.remove(Objects.name(o));
                }
            }
            @Override public void remove(ObjectNode o) { terminating.remove(Objects.name(o)); }
        });
        retry.scheduleWithFixedDelay(this::sweep, 2, 2, TimeUnit.SECONDS);
        return this;
    }

    private void sweep() {
        try {
            // the terminating ones only: listing every namespace every 2 s parsed 100,000 objects each time (from the
            // store), and later still walked them all (from the shared cache)
            for (String name : List.copyOf(terminating)) reconcile(name);
        } catch (RuntimeException e) {
            LOG.warn("namespace sweep failed", e);
        }
    }

    /** One pass over a deleting namespace; returns true when it is gone. */
    boolean reconcile(String name) {
        try {
            ResourceKey key = ResourceKey.cluster(NamespaceLifecycle.NAMESPACES, name);
            ObjectNode ns = store.get(key).orElse(null);
            if (ns == null || !Objects.deleting(ns)) return ns == null;
            List<String> remaining = new ArrayList<>();
            List<String> finalizers = new ArrayList<>();
            for (ResourceType t : namespacedKinds()) {
                for (ObjectNode o : store.list(ListOptions.all(t.storageResource()).inNamespace(name)).items()) {
                    remaining.add(t.groupResource() + "/" + Objects.name(o));
                    finalizers.addAll(Objects.finalizers(o));
                    if (!Objects.deleting(o)) {
                        try {
                            store.delete(new ResourceKey(t.storageResource(), name, Objects.name(o)), null, null);
                        } catch (ApiException e) {
                            if (e.code() != 404) throw e;
                        }
                    }
                }
            }
            if (remaining.isEmpty()) {
                ObjectNode fresh = store.get(key).orElse(null);
                if (fresh == null) return true;
                ObjectNode copy = fresh.deepCopy();
                ArrayNode kept = Json.MAPPER.createArrayNode();
                for (String f : Objects.finalizers(fresh)) if (!f.equals(NamespaceLifecycle.FINALIZER)) kept.add(f);
                Objects.metadata(copy).set("finalizers", kept);
                store.update(key, copy, ResourceStore.UpdateOptions.MAIN_NO_STATUS);
                return true;
            }
            setStatus(key, ns, remaining, finalizers);
            return false;
        } catch (ApiException e) {
            if (e.code() != 409 && e.code() != 404) LOG.warn("namespace {}: {}", name, e.getMessage());
            return false;
        }
    }

    private void setStatus(ResourceKey key, ObjectNode ns, List<String> remaining, List<String> finalizers) {
        ObjectNode copy = ns.deepCopy();
        ObjectNode status = copy.withObject("status");
        status.put("phase", "Terminating");
        ArrayNode conds = status.putArray("conditions");
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        conds.addObject().put("type", "NamespaceContentRemaining").put("status", "True").put("reason", "SomeResourcesRemain")
                .put("message", "Some resources are remaining: " + String.join(", ", remaining.subList(0, Math.min(10, remaining.size())))
                        + (remaining.size() > 10 ? " and " + (remaining.size() - 10) + " more" : ""))
                .put("lastTransitionTime", now);
        if (!finalizers.isEmpty()) {
            conds.addObject().put("type", "NamespaceFinalizersRemaining").put("status", "True").put("reason", "SomeFinalizersRemain")
                    .put("message", "Some content in the namespace has finalizers remaining: " + String.join(", ", finalizers.stream().distinct().toList()))
                    .put("lastTransitionTime", now);
        }
        if (!copy.path("status").equals(ns.path("status"))) {
            store.update(key, copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
        }
    }

    private List<ResourceType> namespacedKinds() {
        return registry.all().stream().filter(t -> t.namespaced() && t.stored() && !t.isAlias()).toList();
    }

    @Override
    public void close() {
        if (subscription != null) subscription.close();
        retry.shutdownNow();
    }
}
