package dev.canopy.server.templates;

import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.Authorizer;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.store.ResourceKey;
import dev.canopy.server.kiosk.TemplateRendering;
import dev.canopy.store.ResourceStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The templates wiring of a seed (see README.md in this package): the renderer (Helm's work directory in
 * the seed's data directory), the TemplateInstance admission, the controller. The fleet source
 * ({@link TemplatePlacement}) is registered in {@code Fleet.sources()}. Not thread-safe during start; the
 * parts it hands out are.
 */
public final class Templates implements AutoCloseable {
    private final ResourceStore store;
    private final dev.canopy.server.controllers.SharedInformers informers;
    private final TemplateRenderer renderer;
    private final Clock clock;
    private final ChartRepositoryPolicy charts;
    private TemplateInstanceController controller;

    private Templates(ResourceStore store, dev.canopy.server.controllers.SharedInformers informers, TemplateRenderer renderer, Clock clock,
                      ChartRepositoryPolicy charts) {
        this.store = store;
        this.informers = informers;
        this.renderer = renderer;
        this.clock = clock;
        this.charts = charts;
    }

    /**
     * @param helmWork where downloaded charts and values files go
     * @param charts   which chart repository URLs Templates may name and the seed may fetch
     */
    public static Templates create(ResourceStore store, dev.canopy.server.controllers.SharedInformers informers, Path helmWork, Clock clock,
                                   ChartRepositoryPolicy charts) {
        return new Templates(store, informers, new TemplateRenderer(store, new HelmRenderer(helmWork, charts)), clock, charts);
    }

    /** What the Space flow calls to render an account's TemplateInstances before it commits. */
    public TemplateRendering rendering() { return renderer; }

    /**
     * Template admission (privileged settings need {@code platformAdmin}; chart repository URLs), then
     * TemplateInstance admission (the Template must exist and {@code authorizer} let the caller get it).
     */
    public AdmissionPlugin admission(java.util.function.Predicate<dev.canopy.server.auth.UserInfo> platformAdmin, Authorizer authorizer) {
        TemplateAdmission templates = new TemplateAdmission(platformAdmin, charts);
        TemplateInstanceAdmission instances = new TemplateInstanceAdmission(
                name -> store.get(ResourceKey.cluster(TemplateKinds.TEMPLATES, name)), (user, name) -> mayGet(authorizer, user, name));
        return req -> {
            templates.admit(req);
            instances.admit(req);
        };
    }

    /** Templates are served in two API groups (kiosk's alias too): a grant in either lets the caller read them. */
    static boolean mayGet(Authorizer authorizer, UserInfo user, String name) {
        for (String group : new String[] {TemplateKinds.GROUP, "config.kiosk.sh"}) {
            if (authorizer.authorize(Attributes.resource(user, "get", group, "templates", "", name)).allowed()) return true;
        }
        return false;
    }

    public void startController() {
        controller = new TemplateInstanceController(store, informers, renderer, clock).start();
    }

    @Override
    public void close() {
        if (controller != null) controller.close();
    }
}
