package dev.canopy.server.kiosk;

import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.auth.Authorizer;
import dev.canopy.server.http.ListFilter;
import dev.canopy.server.tenancy.TenantCache;
import dev.canopy.store.ResourceStore;
import java.time.Clock;

/**
 * The kiosk wiring of a seed, in start-up order (see README.md in this package): cache, access rules, then
 * the parts the API needs (authorizer, list filter, admission, the Space store), then controllers. Keeps
 * {@code Seed} to a few lines. Not thread-safe during start; the parts it hands out are.
 */
public final class Kiosk implements AutoCloseable {
    private final ResourceStore store;
    private final SharedInformers informers;
    private final KioskCache cache;
    private final KioskAccess access;
    private final SpaceUsage usage;
    private final dev.canopy.server.Closer toClose = new dev.canopy.server.Closer("kiosk");

    private Kiosk(ResourceStore store, SharedInformers informers, KioskCache cache, KioskAccess access) {
        this.store = store;
        this.informers = informers;
        this.cache = cache;
        this.access = access;
        this.usage = new SpaceUsage(cache);
    }

    /** Step 1–2: a synced cache and the access rules over it and the tenant cache. */
    public static Kiosk start(ResourceStore store, SharedInformers informers, TenantCache tenants) throws InterruptedException {
        KioskCache cache = new KioskCache();
        Kiosk k = new Kiosk(store, informers, cache, new KioskAccess(cache, KioskAccess.Tenants.of(tenants)));
        k.toClose.add(cache);
        cache.start(informers);
        return k;
    }

    public KioskAccess access() { return access; }

    /** Step 3a: {@code inner} (RBAC and tenancy), then kiosk's visibility by name. */
    public Authorizer authorizer(Authorizer inner) { return new KioskAuthorizer(inner, access); }

    /** Step 3b. */
    public ListFilter listFilter() { return new KioskListFilter(access); }

    /** Step 4. */
    public AdmissionPlugin admission(Authorizer authorizer, Authorizer rbac) { return new KioskAdmission(store, access, authorizer, rbac); }

    /** Step 5: the store the API writes through, around {@code apiStore}. */
    public ResourceStore apiStore(ResourceStore apiStore, TemplateRendering rendering, Clock clock) { return new SpaceStore(apiStore, rendering, clock); }

    /** Steps 6, 7 and 9. */
    public void startControllers() {
        toClose.add(new SpaceController(store, informers, cache).start());
        toClose.add(new AccountController(store, cache).start());
        toClose.add(new AccountQuotaController(store, cache, usage).start());
    }

    /** Usage reports of the fleet's agents feed the AccountQuota statuses. */
    /** Usage reports from the fleet's leader hub, whichever replica leads (see {@code Fleet.onUsage}). */
    public void ingestUsage(dev.canopy.server.fleet.Fleet fleet) { fleet.onUsage(usage::ingest); }

    @Override
    public void close() { toClose.close(); }
}
