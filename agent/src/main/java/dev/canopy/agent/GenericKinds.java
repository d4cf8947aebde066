package dev.canopy.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.StatusReport;
import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubernetes driver's path for kinds without a typed model: fabric8's generic resources, addressed
 * without discovery (plural from the kind, as fabric8 pluralizes; namespaced when the object names a
 * namespace — the seed puts every template object into its namespace except cluster-scoped kinds). The same
 * rules as the typed path: create-or-update, never touch an object without the managed-by label.
 * Remembers every kind it applied, so that {@link #listManaged} (and so pruning) covers them; after an agent
 * restart a kind is known again once something of it is desired (an object of a kind no longer desired by
 * anything at a restart is left on the cluster). Thread-safe.
 */
final class GenericKinds {
    private final KubernetesClient client;
    /** kind → where objects of it live. */
    private final Map<String, ResourceDefinitionContext> known = new ConcurrentHashMap<>();

    GenericKinds(KubernetesClient client) { this.client = client; }

    StatusReport.Outcome apply(ObjectNode object) {
        String kind = object.path("kind").asText();
        String apiVersion = object.path("apiVersion").asText("");
        if (apiVersion.isEmpty()) throw new ClusterDriver.DriverException(kind + " has no apiVersion");
        String ns = object.path("metadata").path("namespace").asText("");
        ResourceDefinitionContext ctx = context(apiVersion, kind, !ns.isEmpty());
        known.put(kind, ctx);
        GenericKubernetesResource desired = Json.MAPPER.convertValue(object, GenericKubernetesResource.class);
        String name = desired.getMetadata().getName();
        try {
            Resource<GenericKubernetesResource> r = resource(ctx, ns, name);
            GenericKubernetesResource live = r.get();
            if (live == null) {
                scoped(ctx, ns).resource(desired).create();
                return StatusReport.Outcome.CREATED;
            }
            ObjectNode liveJson = Json.MAPPER.valueToTree(live);
            if (!ClusterDriver.managed(liveJson)) {
                throw new ClusterDriver.DriverException(kind + " " + name + " exists and is not managed by Canopy (no label "
                        + ClusterDriver.MANAGED_BY + "=" + ClusterDriver.CANOPY + "); left alone");
            }
            if (KubernetesDriver.covers(liveJson, object)) return StatusReport.Outcome.UNCHANGED;
            desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            scoped(ctx, ns).resource(desired).update();
            return StatusReport.Outcome.UPDATED;
        } catch (KubernetesClientException e) {
            throw new ClusterDriver.DriverException(kind + " " + name + ": " + e.getMessage(), e);
        }
    }

    boolean delete(ObjectRef ref) {
        return withLive(ref, (r, live) -> { r.delete(); return true; });
    }

    boolean release(ObjectRef ref) {
        return withLive(ref, (r, live) -> {
            live.getMetadata().getLabels().remove(ClusterDriver.MANAGED_BY);
            scoped(known.getOrDefault(ref.kind(), context(ref.apiVersion() == null ? live.getApiVersion() : ref.apiVersion(), ref.kind(),
                    ref.namespace() != null && !ref.namespace().isEmpty())), ref.namespace()).resource(live).update();
            return true;
        });
    }

    List<ObjectNode> listManaged(String kind) {
        List<ObjectNode> out = new ArrayList<>();
        known.forEach((k, ctx) -> {
            if (kind != null && !kind.equals(k)) return;
            var op = client.genericKubernetesResources(ctx);
            List<GenericKubernetesResource> items = ctx.isNamespaceScoped()
                    ? op.inAnyNamespace().withLabel(ClusterDriver.MANAGED_BY, ClusterDriver.CANOPY).list().getItems()
                    : op.withLabel(ClusterDriver.MANAGED_BY, ClusterDriver.CANOPY).list().getItems();
            for (GenericKubernetesResource i : items) {
                ObjectNode o = Json.MAPPER.valueToTree(i);
                if (ClusterDriver.managed(o)) out.add(o);
            }
        });
        return out;
    }

    Optional<ObjectNode> get(String kind, String namespace, String name) {
        ResourceDefinitionContext ctx = known.get(kind);
        if (ctx == null) return Optional.empty();
        return Optional.ofNullable(resource(ctx, namespace, name).get()).map(g -> (ObjectNode) Json.MAPPER.valueToTree(g));
    }

    private interface LiveAction { boolean run(Resource<GenericKubernetesResource> r, GenericKubernetesResource live); }

    private boolean withLive(ObjectRef ref, LiveAction action) {
        ResourceDefinitionContext ctx = ref.apiVersion() == null ? known.get(ref.kind())
                : context(ref.apiVersion(), ref.kind(), ref.namespace() != null && !ref.namespace().isEmpty());
        if (ctx == null) return false;
        try {
            Resource<GenericKubernetesResource> r = resource(ctx, ref.namespace(), ref.name());
            GenericKubernetesResource live = r.get();
            if (live == null || !ClusterDriver.managed(Json.MAPPER.valueToTree(live))) return false;
            return action.run(r, live);
        } catch (KubernetesClientException e) {
            throw new ClusterDriver.DriverException(ref.kind() + " " + ref.name() + ": " + e.getMessage(), e);
        }
    }

    private Resource<GenericKubernetesResource> resource(ResourceDefinitionContext ctx, String namespace, String name) {
        return scoped(ctx, namespace).withName(name);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> scoped(ResourceDefinitionContext ctx, String namespace) {
        var op = client.genericKubernetesResources(ctx);
        return ctx.isNamespaceScoped() ? op.inNamespace(namespace == null || namespace.isEmpty() ? "default" : namespace) : op;
    }

    static ResourceDefinitionContext context(String apiVersion, String kind, boolean namespaced) {
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                .withKind(kind).withPlural(Pluralize.toPlural(kind.toLowerCase(Locale.ROOT))).withNamespaced(namespaced).build();
    }
}
