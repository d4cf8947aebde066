package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.admission.AdmissionRequest;
import dev.canopy.server.admission.Operation;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.templates.TemplateParameters;

/**
 * Admission of TemplateInstances (after the kind's validator, which already requires {@code spec.template}
 * and keeps it immutable): on create, and on an update that changes {@code spec.parameters}, the Template
 * must exist (else 422 at {@code spec.template}, type {@code FieldValueNotFound}) and the parameters must fit
 * it ({@link TemplateParameters}: undeclared, failing the regex, or a required one missing → 422 naming it).
 * Nothing is stored when it refuses. Rendering errors (Helm, built-ins) are not checked here: they show in
 * the instance's status, as in kiosk. Reads the store; thread-safe.
 */
public final class TemplateInstanceAdmission implements AdmissionPlugin {
    private final ResourceStore store;

    public TemplateInstanceAdmission(ResourceStore store) { this.store = store; }

    @Override
    public void admit(AdmissionRequest req) {
        if (!req.context().type().storageResource().equals(TemplateKinds.TEMPLATE_INSTANCES)) return;
        if (req.operation() == Operation.DELETE || req.context().subresource().equals("status")) return;
        ObjectNode obj = req.object();
        if (req.operation() == Operation.UPDATE && req.old() != null
                && obj.path("spec").path("parameters").equals(req.old().path("spec").path("parameters"))) return;
        String name = obj.path("spec").path("template").asText("");
        ObjectNode template = store.get(ResourceKey.cluster(TemplateKinds.TEMPLATES, name)).orElse(null);
        if (template == null) {
            throw ApiException.invalid("TemplateInstance", Objects.name(obj),
                    new FieldError("spec.template", "FieldValueNotFound", "Not found: \"" + name + "\": no such Template"));
        }
        TemplateParameters.Result r = TemplateParameters.resolve(name, template.path("parameters"), obj.path("spec").path("parameters"), "spec.parameters");
        if (!r.ok()) throw ApiException.invalid("TemplateInstance", Objects.name(obj), r.errors());
    }
}
