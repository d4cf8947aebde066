package dev.canopy.server.tenancy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.tenancy.Tenant;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.admission.AdmissionRequest;
import dev.canopy.server.admission.Operation;
import dev.canopy.tenancy.AppRequests;
import dev.canopy.tenancy.AppRules;
import dev.canopy.tenancy.TenantAdmission;
import dev.canopy.tenancy.TenantTree;
import java.util.List;
import java.util.Set;

/**
 * Step 3: admission of Tenants and managed apps, from the {@link TenantCache} snapshot.
 *
 * <ul>
 *   <li>Tenant create/update: {@link TenantAdmission#check} (name pattern, 63-character namespace,
 *       parent exists, {@code spec.host} only for platform admins, quota headroom in the parent,
 *       no shrinking below what children reserve); on create the tenant finalizer is added.</li>
 *   <li>Tenant delete: the root's own object cannot be deleted (it would take the platform with it).</li>
 *   <li>App and tenant-service create/update: only in a tenant's namespace; the spec must be chargeable
 *       ({@link AppRequests}: e.g. an unknown instance type). Unknown {@code resourcesPreset} values are
 *       already refused by the kind's validator, which runs before this plugin.</li>
 * </ul>
 * Who may write at all is the authorizer's (a child tenant needs super-admin in the parent's namespace).
 * The quota <em>charge</em> is not done here: it must be atomic with the write, see {@link ChargingStore};
 * this plugin only refuses what is wrong whatever else happens concurrently. Thread-safe, no I/O.
 */
public final class TenancyAdmission implements AdmissionPlugin {
    static final Set<String> APP_STORAGE = Set.of("apps.canopy.dev/kuberneteses", "apps.canopy.dev/postgreses",
            "apps.canopy.dev/etcds", "apps.canopy.dev/ingresses", "apps.canopy.dev/monitorings");

    private final TenantCache cache;

    public TenancyAdmission(TenantCache cache) { this.cache = cache; }

    @Override
    public void admit(AdmissionRequest req) {
        String resource = req.context().type().storageResource();
        if (resource.equals(TenantCache.TENANTS)) tenant(req);
        else if (APP_STORAGE.contains(resource)) app(req);
    }

    private void tenant(AdmissionRequest req) {
        ObjectNode obj = req.object();
        String ns = Objects.namespace(obj).isEmpty() ? req.context().namespace() : Objects.namespace(obj);
        if (req.operation() == Operation.DELETE) {
            if (TenantTree.isRootObject(ns, Objects.name(obj))) {
                throw ApiException.forbidden("tenants.tenancy.canopy.dev \"" + TenantTree.ROOT_NAME + "\" is forbidden: the root tenant cannot be deleted; "
                        + "delete its child tenants instead");
            }
            return;
        }
        if (req.context().subresource().equals("status")) return;
        Tenant t = Json.convert(obj, Tenant.class);
        Tenant old = req.old() == null ? null : Json.convert(req.old(), Tenant.class);
        List<FieldError> errs = TenantAdmission.check(cache.tree(), t, old, cache.platformAdmin(req.context().user()));
        if (!errs.isEmpty()) throw ApiException.invalid("Tenant", Objects.name(obj), errs);
        if (req.operation() == Operation.CREATE) {
            ArrayNode fin = Objects.metadata(obj).withArray("finalizers");
            boolean has = false;
            for (var f : fin) has |= f.asText().equals(TenantController.FINALIZER);
            if (!has) fin.add(TenantController.FINALIZER);
        }
    }

    private void app(AdmissionRequest req) {
        if (req.operation() == Operation.DELETE || req.context().subresource().equals("status")) return;
        ObjectNode obj = req.object();
        String ns = Objects.namespace(obj).isEmpty() ? req.context().namespace() : Objects.namespace(obj);
        String kind = req.context().type().kind();
        List<FieldError> errs = new java.util.ArrayList<>(AppRules.checkNamespace(cache.tree(), ns));
        if (errs.isEmpty()) errs.addAll(AppRequests.of(kind, obj).errors());
        if (!errs.isEmpty()) throw ApiException.invalid(kind, Objects.name(obj), errs);
    }
}
