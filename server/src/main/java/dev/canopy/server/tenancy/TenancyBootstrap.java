package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.server.auth.RbacIndex;
import dev.canopy.server.controllers.NamespaceLifecycle;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.TenantClusterRoles;
import dev.canopy.tenancy.TenantTree;

/**
 * Step 2: what must exist from the first start. Namespace {@code tenant-root}, the root's own Tenant
 * object ({@code root} in {@code tenant-root}, Cozystack's convention, {@code spec.host} = the seed's
 * {@code --domain}), and the four {@code canopy:tenant:*} ClusterRoles.
 *
 * <p>Idempotent and safe on every start: the namespace and the root Tenant are created only when
 * absent (an operator's later edits, such as turning a root service off, are kept; the root's
 * {@code spec.host} follows a changed {@code --domain} unless an operator set it by hand); the ClusterRoles
 * are rewritten to {@link TenantClusterRoles} when they differ, because their rules are the code's
 * single source of truth. Runs once, before the API serves, on the caller's thread.
 */
public final class TenancyBootstrap {
    private TenancyBootstrap() {}

    /** On the root Tenant: the {@code --domain} the bootstrap last wrote into {@code spec.host}. */
    static final String DOMAIN_ANNOTATION = "tenancy.canopy.dev/seed-domain";

    public static void run(ResourceStore store, String domain) {
        ObjectNode ns = Json.object();
        ns.put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode m = ns.putObject("metadata").put("name", TenantTree.ROOT);
        m.putArray("finalizers").add(NamespaceLifecycle.FINALIZER);
        m.putObject("labels").put(TenantController.TENANT_LABEL, TenantTree.ROOT_NAME);
        ns.putObject("status").put("phase", "Active");
        createIfAbsent(store, ResourceKey.cluster("core/namespaces", TenantTree.ROOT), ns);

        ObjectNode root = Json.object();
        root.put("apiVersion", "tenancy.canopy.dev/v1alpha1").put("kind", "Tenant");
        ObjectNode rm = root.putObject("metadata").put("name", TenantTree.ROOT_NAME).put("namespace", TenantTree.ROOT);
        rm.putArray("finalizers").add(TenantController.FINALIZER);
        ObjectNode spec = root.putObject("spec");
        if (domain != null && !domain.isBlank()) spec.put("host", domain);
        spec.put("etcd", true).put("ingress", true).put("monitoring", true);
        rm.putObject("annotations").put(DOMAIN_ANNOTATION, domain == null ? "" : domain);
        ResourceKey rootKey = new ResourceKey(TenantCache.TENANTS, TenantTree.ROOT, TenantTree.ROOT_NAME);
        var existing = store.get(rootKey);
        if (existing.isEmpty()) {
            createIfAbsent(store, rootKey, root);
        } else {
            followDomain(store, rootKey, existing.get(), domain);
        }

        for (var role : TenantClusterRoles.clusterRoles()) {
            ObjectNode want = Json.toObject(role);
            want.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "ClusterRole");
            ResourceKey key = ResourceKey.cluster(RbacIndex.CLUSTER_ROLES, role.getMetadata().getName());
            var have = store.get(key);
            if (have.isEmpty()) {
                createIfAbsent(store, key, want);
            } else if (!have.get().path("rules").equals(want.path("rules"))) {
                ObjectNode next = have.get().deepCopy();
                next.set("rules", want.get("rules"));
                store.update(key, next, ResourceStore.UpdateOptions.MAIN_NO_STATUS);
            }
        }
    }

    /**
     * {@code canopy up --domain} changed since the last start: the root follows it, unless an operator
     * set {@code spec.host} by hand (it no longer equals the domain the bootstrap last wrote), which wins.
     */
    private static void followDomain(ResourceStore store, ResourceKey key, ObjectNode root, String domain) {
        if (domain == null || domain.isBlank()) return;
        String last = root.path("metadata").path("annotations").path(DOMAIN_ANNOTATION).asText(null);
        String host = root.path("spec").path("host").asText("");
        if (last == null || !last.equals(host) || host.equals(domain)) return;
        ObjectNode next = root.deepCopy();
        next.withObject("spec").put("host", domain);
        Objects.metadata(next).withObject("annotations").put(DOMAIN_ANNOTATION, domain);
        store.update(key, next, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
    }

    private static void createIfAbsent(ResourceStore store, ResourceKey key, ObjectNode o) {
        if (store.get(key).isPresent()) return;
        try {
            store.create(key, o);
        } catch (ApiException e) {
            if (e.code() != 409) throw e;   // another replica created it first
        }
    }
}
