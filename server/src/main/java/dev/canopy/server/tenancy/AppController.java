package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.AppRules;
import dev.canopy.tenancy.TenantTree;
import dev.canopy.server.controllers.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6: the status of every managed app and tenant service: {@code host} ({@code <app>.<tenant domain>},
 * or its own {@code spec.host}; Grafana's for Monitoring), {@code services.etcd|ingress|monitoring}
 * resolved exactly as for its tenant ({@link AppRules#status}), {@code observedGeneration}, and a
 * {@code Ready} condition ({@code Resolved}; {@code NoTenant} when its namespace is no tenant's;
 * {@code ServiceUnavailable} when a service it needs has no provider).
 *
 * <p>Driven by a per-key {@link WorkQueue}: an app change queues that app; a Tenant change whose
 * inherited state changed (it appeared or vanished, its host or own services changed) queues the apps of
 * its namespace and of every descendant's, found in an in-memory index of app keys by namespace. Failures
 * are requeued with backoff; every app is resynced every {@link TenantController#RESYNC}. Writes only
 * changed statuses. Idempotent.
 */
public final class AppController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppController.class);
    private static final Map<String, String> KINDS = Map.of("apps.canopy.dev/kuberneteses", "Kubernetes", "apps.canopy.dev/postgreses", "Postgres",
            "apps.canopy.dev/etcds", "Etcd", "apps.canopy.dev/ingresses", "Ingress", "apps.canopy.dev/monitorings", "Monitoring");

    private final ResourceStore store;
    private final TenantCache cache;
    private final WorkQueue<ResourceKey> queue;
    private final ConcurrentSkipListMap<String, Set<ResourceKey>> byNamespace = new ConcurrentSkipListMap<>();
    private final SharedInformers informers;
    private final List<SharedInformer.Registration> subscriptions = new ArrayList<>();

    public AppController(ResourceStore store, SharedInformers informers, TenantCache cache) {
        this.store = store;
        this.informers = informers;
        this.cache = cache;
        this.queue = new WorkQueue<>("app-controller", this::reconcile, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public AppController start() {
        for (String r : KINDS.keySet()) {
            subscriptions.add(informers.informer(r).addHandler(new SharedInformer.Handler() {
                @Override public void upsert(ObjectNode o) {
                    ResourceKey k = new ResourceKey(r, Objects.namespace(o), Objects.name(o));
                    byNamespace.computeIfAbsent(k.namespace(), n -> ConcurrentHashMap.newKeySet()).add(k);
                    queue.add(k);
                }
                @Override public void remove(ObjectNode o) {
                    Set<ResourceKey> keys = byNamespace.get(Objects.namespace(o));
                    if (keys != null) keys.remove(new ResourceKey(r, Objects.namespace(o), Objects.name(o)));
                }
            }));
        }
        cache.subscribe((tenant, removed, inherited, descendants) -> {
            if (!inherited) return;
            String owned = TenantTree.ownedNamespace(Objects.namespace(tenant), Objects.name(tenant));
            queueNamespace(owned);
            for (String d : descendants) queueNamespace(d);
        });
        queue.start(() -> byNamespace.values().stream().flatMap(Set::stream).toList(), TenantController.RESYNC);
        return this;
    }

    private void queueNamespace(String ns) {
        Set<ResourceKey> keys = byNamespace.get(ns);
        if (keys != null) queue.addAll(List.copyOf(keys));
    }

    Duration reconcile(ResourceKey key) {
        ObjectNode app = store.get(key).orElse(null);
        if (app == null) return null;
        try {
            reconcile(cache.tree(), key.resource(), KINDS.get(key.resource()), app);
        } catch (ApiException ex) {
            if (ex.code() == 404) return null;
            if (ex.code() != 409) LOG.warn("{} {}/{}: {}", KINDS.get(key.resource()), key.namespace(), key.name(), ex.getMessage());
            throw ex;
        }
        return null;
    }

    private void reconcile(TenantTree tree, String resource, String kind, ObjectNode app) {
        if (Objects.deleting(app)) return;
        String ns = Objects.namespace(app);
        long generation = app.path("metadata").path("generation").asLong(1);
        ObjectNode status;
        if (!tree.contains(ns)) {
            status = app.path("status").isObject() ? ((ObjectNode) app.get("status")).deepCopy() : Json.object();
            status.set("conditions", Conditions.one(app.path("status"), "Ready", false, "NoTenant",
                    "namespace " + ns + " is not a tenant's; apps need a tenant for their domain, services and quota", generation));
        } else {
            status = Json.toObject(AppRules.status(tree, kind, app));
            status.put("observedGeneration", generation);
            List<String> missing = new ArrayList<>();
            ObjectNode services = status.withObject("services");
            for (String s : needs(kind)) if (!services.hasNonNull(s)) missing.add(s);
            if (missing.isEmpty()) {
                status.set("conditions", Conditions.one(app.path("status"), "Ready", true, "Resolved", "host " + status.path("host").asText()
                        + "; etcd from " + services.path("etcd").asText("-") + ", ingress from " + services.path("ingress").asText("-")
                        + ", monitoring from " + services.path("monitoring").asText("-"), generation));
            } else {
                status.set("conditions", Conditions.one(app.path("status"), "Ready", false, "ServiceUnavailable", "no tenant from " + ns
                        + " up to the root runs " + String.join(", ", missing) + "; set spec." + missing.get(0) + ": true on this tenant or an ancestor", generation));
            }
        }
        if (Conditions.same(status, app.path("status"))) return;
        ObjectNode copy = app.deepCopy();
        copy.set("status", status);
        store.update(new ResourceKey(resource, ns, Objects.name(app)), copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
    }

    /** The services an app of {@code kind} cannot work without (a Kubernetes app keeps its data in etcd). */
    private static List<String> needs(String kind) {
        return switch (kind) {
            case "Kubernetes" -> List.of("etcd", "ingress", "monitoring");
            case "Postgres" -> List.of("ingress", "monitoring");
            default -> List.of();
        };
    }

    @Override
    public void close() {
        subscriptions.forEach(SharedInformer.Registration::close);
        queue.close();
    }
}
