package dev.canopy.server.tenancy;

import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.auth.Authorizer;
import dev.canopy.server.http.ListFilter;
import dev.canopy.store.ResourceStore;

/**
 * The tenancy wiring of a seed, in start-up order (see README.md in this package): bootstrap, cache,
 * then the parts the API needs (admission, authorizer, list filter, charging store), then controllers.
 * Keeps {@code Seed} to a few lines. Not thread-safe during start; the parts it hands out are.
 */
public final class Tenancy implements AutoCloseable {
    private final ResourceStore store;
    private final TenantCache cache;
    private final SharedInformers informers;
    private final dev.canopy.server.Closer toClose = new dev.canopy.server.Closer("tenancy");

    private Tenancy(ResourceStore store, SharedInformers informers, TenantCache cache) {
        this.store = store;
        this.informers = informers;
        this.cache = cache;
    }

    /** Steps 1–2: bootstrap objects, then a synced cache. */
    public static Tenancy start(ResourceStore store, SharedInformers informers, String domain) throws InterruptedException {
        TenancyBootstrap.run(store, domain);
        TenantCache cache = new TenantCache(domain);
        Tenancy t = new Tenancy(store, informers, cache);
        t.toClose.add(cache);
        cache.start(informers);
        return t;
    }

    public TenantCache cache() { return cache; }

    /** Step 3. */
    public AdmissionPlugin admission() { return new TenancyAdmission(cache); }

    /** Step 4a: RBAC, then access that flows down the tenant tree. */
    public Authorizer authorizer(Authorizer rbac) { return new TenantAuthorizer(rbac, cache); }

    /** Step 4b. */
    public ListFilter listFilter() { return new TenantListFilter(cache); }

    /** Step 7: the store the API writes through (quota charges atomic with the write). */
    public ResourceStore apiStore() { return new ChargingStore(store, cache); }

    /** Steps 5–6. */
    public void startControllers() {
        toClose.add(new TenantController(store, informers, cache).start());
        toClose.add(new AppController(store, informers, cache).start());
    }

    @Override
    public void close() {
        toClose.close();
    }
}
