package dev.canopy.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.StatusReport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A real cluster through fabric8. Handles the kinds Canopy places ({@link #KINDS}); apply is
 * create-or-update (get, then create, or update with the live resourceVersion when the object is Canopy's
 * and differs), so it also works on API servers without server-side apply. Objects without
 * {@code canopy.dev/managed-by=canopy} are never updated or deleted. Thread-safe (the fabric8 client is).
 */
public final class KubernetesDriver implements ClusterDriver {
    /** A kind the driver handles: its model class and whether it is namespaced. */
    record Kind(String kind, Class<? extends HasMetadata> type, boolean namespaced) {}

    static final List<Kind> KINDS = List.of(
            new Kind("Namespace", Namespace.class, false),
            new Kind("ConfigMap", ConfigMap.class, true),
            new Kind("Secret", Secret.class, true),
            new Kind("ServiceAccount", ServiceAccount.class, true),
            new Kind("ResourceQuota", ResourceQuota.class, true),
            new Kind("LimitRange", LimitRange.class, true),
            new Kind("Role", Role.class, true),
            new Kind("ClusterRole", io.fabric8.kubernetes.api.model.rbac.ClusterRole.class, false),
            new Kind("RoleBinding", RoleBinding.class, true));
    private static final Map<String, Kind> BY_KIND = KINDS.stream().collect(Collectors.toMap(Kind::kind, Function.identity()));
    private static final Set<String> SERVER_FIELDS = Set.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields");

    private final KubernetesClient client;

    public KubernetesDriver(KubernetesClient client) { this.client = client; }

    @Override
    public String name() { return "kubernetes"; }

    @Override
    public StatusReport.Outcome apply(ObjectNode object) {
        Kind k = kind(object.path("kind").asText());
        HasMetadata desired = Json.MAPPER.convertValue(object, k.type());
        try {
            Resource<? extends HasMetadata> r = resource(k, desired.getMetadata().getNamespace(), desired.getMetadata().getName());
            HasMetadata live = r.get();
            if (live == null) {
                client.resource(desired).create();
                return StatusReport.Outcome.CREATED;
            }
            ObjectNode liveJson = Json.MAPPER.valueToTree(live);
            if (!ClusterDriver.managed(liveJson)) {
                throw new DriverException(k.kind() + " " + desired.getMetadata().getName() + " exists and is not managed by Canopy (no label "
                        + MANAGED_BY + "=" + CANOPY + "); left alone");
            }
            if (covers(liveJson, object)) return StatusReport.Outcome.UNCHANGED;
            desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            client.resource(desired).update();
            return StatusReport.Outcome.UPDATED;
        } catch (KubernetesClientException e) {
            throw new DriverException(k.kind() + " " + desired.getMetadata().getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(ObjectRef ref) {
        Kind k = BY_KIND.get(ref.kind());
        if (k == null) return false;
        try {
            Resource<? extends HasMetadata> r = resource(k, ref.namespace(), ref.name());
            HasMetadata live = r.get();
            if (live == null || !ClusterDriver.managed(Json.MAPPER.valueToTree(live))) return false;
            r.delete();
            return true;
        } catch (KubernetesClientException e) {
            throw new DriverException("delete " + ref.kind() + " " + ref.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ObjectNode> listManaged(String kind) {
        List<ObjectNode> out = new ArrayList<>();
        for (Kind k : KINDS) {
            if (kind != null && !kind.equals(k.kind())) continue;
            var op = client.resources(k.type());
            List<? extends HasMetadata> items = k.namespaced()
                    ? op.inAnyNamespace().withLabel(MANAGED_BY, CANOPY).list().getItems()
                    : op.withLabel(MANAGED_BY, CANOPY).list().getItems();
            for (HasMetadata i : items) {
                ObjectNode o = Json.MAPPER.valueToTree(i);
                if (ClusterDriver.managed(o)) out.add(o);   // also when the server ignores the selector
            }
        }
        return out;
    }

    @Override
    public Optional<ObjectNode> get(String kind, String namespace, String name) {
        Kind k = BY_KIND.get(kind);
        if (k == null) return Optional.empty();
        return Optional.ofNullable(resource(k, namespace, name).get()).map(h -> (ObjectNode) Json.MAPPER.valueToTree(h));
    }

    @Override
    public StatusReport.ClusterFacts facts() {
        String version;
        try {
            version = client.getKubernetesVersion().getGitVersion();
        } catch (RuntimeException e) {
            version = "unknown";
        }
        int nodes;
        try {
            nodes = client.nodes().list().getItems().size();
        } catch (RuntimeException e) {
            nodes = 0;
        }
        return new StatusReport.ClusterFacts(version == null || version.isBlank() ? "unknown" : version, nodes, name());
    }

    private Resource<? extends HasMetadata> resource(Kind k, String namespace, String name) {
        var op = client.resources(k.type());
        return k.namespaced() ? op.inNamespace(namespace == null ? "default" : namespace).withName(name) : op.withName(name);
    }

    private static Kind kind(String kind) {
        Kind k = BY_KIND.get(kind);
        if (k == null) throw new DriverException("kind " + kind + " is not handled by the kubernetes driver (handles " + BY_KIND.keySet() + ")");
        return k;
    }

    /** True when every field of {@code desired} (but status and server-filled metadata) has the same value in {@code live}. */
    static boolean covers(ObjectNode live, ObjectNode desired) {
        ObjectNode d = desired.deepCopy();
        d.remove("status");
        SERVER_FIELDS.forEach(d.withObject("metadata")::remove);
        return contains(live, d);
    }

    private static boolean contains(com.fasterxml.jackson.databind.JsonNode live, com.fasterxml.jackson.databind.JsonNode want) {
        if (want.isObject()) {
            if (!live.isObject()) return false;
            for (var e : want.properties()) {
                if (!contains(live.path(e.getKey()), e.getValue())) return false;
            }
            return true;
        }
        return want.equals(live);
    }
}
