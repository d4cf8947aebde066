package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Tenant step for a Tenant being deleted: removes its whole subtree, bottom-up, then lets it go.
 * <ol>
 *   <li>delete the child Tenants (each runs this same step for its own subtree);</li>
 *   <li>once no child is left, delete the kiosk Accounts of the tenant ({@code spec.tenant}; their Spaces
 *       follow each Account's deletionPolicy) and the apps and tenant services in its namespace;</li>
 *   <li>once none is left, delete its namespace (the namespace controller empties it);</li>
 *   <li>once the namespace is gone, remove {@link TenantController#FINALIZER}.</li>
 * </ol>
 * While waiting, the {@code Ready} condition is False with reason {@code Deleting} and a message naming
 * exactly what is left and which finalizers hold it ({@code DeletionBlocked} when something is held only
 * by a finalizer Canopy does not own), so a tenant never sits in Terminating without saying why.
 * Idempotent: every step may run again.
 */
final class TenantDeletion {
    private final ResourceStore store;

    TenantDeletion(ResourceStore store) { this.store = store; }

    void run(ResourceKey key, ObjectNode tenant, String owned) {
        List<String> waiting = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        deleteAll(TenantCache.TENANTS, owned, waiting, blocked, TenantController.FINALIZER);
        if (waiting.isEmpty()) {
            deleteAccounts(owned, waiting, blocked);
            for (String r : TenancyAdmission.APP_STORAGE) deleteAll(r, owned, waiting, blocked, null);
        }
        if (waiting.isEmpty()) {
            ResourceKey nsKey = ResourceKey.cluster("core/namespaces", owned);
            ObjectNode ns = store.get(nsKey).orElse(null);
            if (ns != null) {
                if (!Objects.deleting(ns)) ns = store.delete(nsKey, null, null);
                if (store.get(nsKey).isPresent()) {
                    String why = "";
                    for (var c : ns.path("status").path("conditions")) {
                        if ("True".equals(c.path("status").asText())) why += "; " + c.path("message").asText();
                    }
                    waiting.add("namespace " + owned + " to be emptied" + why);
                }
            }
        }
        if (waiting.isEmpty()) {
            ObjectNode fresh = store.get(key).orElse(null);
            if (fresh == null) return;
            ObjectNode copy = fresh.deepCopy();
            ArrayNode kept = Json.MAPPER.createArrayNode();
            for (String f : Objects.finalizers(fresh)) if (!f.equals(TenantController.FINALIZER)) kept.add(f);
            Objects.metadata(copy).set("finalizers", kept);
            store.update(key, copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
            return;
        }
        long generation = tenant.path("metadata").path("generation").asLong(1);
        ObjectNode status = tenant.path("status").isObject() ? ((ObjectNode) tenant.get("status")).deepCopy() : Json.object();
        String reason = blocked.isEmpty() ? "Deleting" : "DeletionBlocked";
        String message = blocked.isEmpty() ? "deleting the subtree; waiting for " + String.join(", ", waiting)
                : "deletion is blocked by finalizers Canopy does not own: " + String.join(", ", blocked)
                  + "; remove them (kubectl patch ... --type=json -p '[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]') or fix their controller";
        status.set("conditions", Conditions.one(tenant.path("status"), "Ready", false, reason, message, generation));
        if (!Conditions.same(status, tenant.path("status"))) {
            ObjectNode copy = tenant.deepCopy();
            copy.set("status", status);
            store.update(key, copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
        }
    }

    /**
     * Deletes the kiosk Accounts of this tenant ({@code spec.tenant} = its namespace): each goes as if deleted
     * by hand, so its Spaces follow its {@code spec.space.deletionPolicy} (deleted, or kept with Orphan);
     * the tenant waits until they are gone. Runs only here, on the Tenant's own deletion (its finalizer), never
     * because a tenant is missing from a cache.
     */
    private void deleteAccounts(String owned, List<String> waiting, List<String> blocked) {
        for (ObjectNode a : store.list(ListOptions.all(KioskKinds.ACCOUNTS)).items()) {
            if (!owned.equals(Objects.text(a, "spec.tenant"))) continue;
            String name = Objects.name(a);
            ObjectNode after = a;
            if (!Objects.deleting(a)) {
                try {
                    after = store.delete(ResourceKey.cluster(KioskKinds.ACCOUNTS, name), null, null);
                } catch (ApiException e) {
                    if (e.code() == 404) continue;
                    throw e;
                }
                if (!Objects.deleting(after)) continue;   // gone at once
            }
            List<String> fins = Objects.finalizers(after);
            waiting.add("account " + name + (fins.isEmpty() ? "" : " (finalizers: " + String.join(", ", fins) + ")"));
            List<String> foreign = fins.stream().filter(f -> !f.equals(ACCOUNT_FINALIZER)).toList();
            if (!foreign.isEmpty() && Objects.deleting(a)) blocked.add("account " + name + " (finalizers: " + String.join(", ", foreign) + ")");
        }
    }

    /** kiosk's Account finalizer (server/.../kiosk/KioskAdmission.FINALIZER): its controller removes it. */
    static final String ACCOUNT_FINALIZER = "tenancy.canopy.dev/account-spaces";

    /** Deletes every object of {@code resource} in {@code namespace}; lists what remains, and what only foreign finalizers hold. */
    private void deleteAll(String resource, String namespace, List<String> waiting, List<String> blocked, String ours) {
        for (ObjectNode o : store.list(ListOptions.all(resource).inNamespace(namespace)).items()) {
            String name = Objects.name(o);
            String what = ChargingStore.groupResource(new ResourceKey(resource, namespace, name)) + "/" + name + " in " + namespace;
            ObjectNode after = o;
            if (!Objects.deleting(o)) {
                try {
                    after = store.delete(new ResourceKey(resource, namespace, name), null, null);
                } catch (ApiException e) {
                    if (e.code() == 404) continue;
                    throw e;
                }
                if (!Objects.deleting(after)) continue;   // gone at once
            }
            List<String> fins = Objects.finalizers(after);
            waiting.add(what + (fins.isEmpty() ? "" : " (finalizers: " + String.join(", ", fins) + ")"));
            List<String> foreign = fins.stream().filter(f -> !f.equals(ours)).toList();
            if (!foreign.isEmpty() && Objects.deleting(o)) blocked.add(what + " (finalizers: " + String.join(", ", foreign) + ")");
        }
    }
}
