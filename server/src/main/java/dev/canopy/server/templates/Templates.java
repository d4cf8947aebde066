package dev.canopy.server.templates;

import dev.canopy.server.admission.AdmissionPlugin;
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
    private final TemplateRenderer renderer;
    private final Clock clock;
    private TemplateInstanceController controller;

    private Templates(ResourceStore store, TemplateRenderer renderer, Clock clock) {
        this.store = store;
        this.renderer = renderer;
        this.clock = clock;
    }

    /** @param helmWork where downloaded charts and values files go */
    public static Templates create(ResourceStore store, Path helmWork, Clock clock) {
        return new Templates(store, new TemplateRenderer(store, new HelmRenderer(helmWork)), clock);
    }

    /** What the Space flow calls to render an account's TemplateInstances before it commits. */
    public TemplateRendering rendering() { return renderer; }

    /** Template admission (privileged settings need {@code platformAdmin}), then TemplateInstance admission. */
    public AdmissionPlugin admission(java.util.function.Predicate<dev.canopy.server.auth.UserInfo> platformAdmin) {
        TemplateAdmission templates = new TemplateAdmission(platformAdmin);
        TemplateInstanceAdmission instances = new TemplateInstanceAdmission(store);
        return req -> {
            templates.admit(req);
            instances.admit(req);
        };
    }

    public void startController() {
        controller = new TemplateInstanceController(store, renderer, clock).start();
    }

    @Override
    public void close() {
        if (controller != null) controller.close();
    }
}
