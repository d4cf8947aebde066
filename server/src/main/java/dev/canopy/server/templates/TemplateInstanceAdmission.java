package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.admission.AdmissionRequest;
import dev.canopy.server.admission.Operation;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.tenancy.templates.TemplateParameters;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Admission of TemplateInstances (after the kind's validator, which already requires {@code spec.template}
 * and keeps it immutable): on create, and on an update that changes {@code spec.parameters}, the Template
 * must exist <em>and the caller must be allowed to get it</em> (else 422 at {@code spec.template}, type
 * {@code FieldValueNotFound}, the same answer in both cases, so a caller who may not read Templates never
 * learns whether one of that name exists), and the parameters must fit it ({@link TemplateParameters}:
 * undeclared, failing the regex, or a required one missing → 422 naming it). Nothing is stored when it
 * refuses. Rendering errors (Helm, built-ins) are not checked here: they show in the instance's status, as
 * in kiosk. Reads the store; thread-safe.
 */
public final class TemplateInstanceAdmission implements AdmissionPlugin {
    private final Function<String, Optional<ObjectNode>> templates;
    private final BiPredicate<UserInfo, String> mayGet;

    /**
     * @param templates the stored Template of a name (read with the seed's identity)
     * @param mayGet    whether a user may {@code get} the Template of a name (RBAC and tenancy, either API group)
     */
    public TemplateInstanceAdmission(Function<String, Optional<ObjectNode>> templates, BiPredicate<UserInfo, String> mayGet) {
        this.templates = templates;
        this.mayGet = mayGet;
    }

    @Override
    public void admit(AdmissionRequest req) {
        if (!req.context().type().storageResource().equals(TemplateKinds.TEMPLATE_INSTANCES)) return;
        if (req.operation() == Operation.DELETE || req.context().subresource().equals("status")) return;
        ObjectNode obj = req.object();
        if (req.operation() == Operation.UPDATE && req.old() != null
                && obj.path("spec").path("parameters").equals(req.old().path("spec").path("parameters"))) return;
        String name = obj.path("spec").path("template").asText("");
        // the permission is checked first and the store read only when it is granted: a Template the caller
        // may not get is answered exactly as one that does not exist
        ObjectNode template = mayGet.test(req.context().user(), name) ? templates.apply(name).orElse(null) : null;
        if (template == null) {
            throw ApiException.invalid("TemplateInstance", Objects.name(obj),
                    new FieldError("spec.template", "FieldValueNotFound", "Not found: \"" + name + "\": no such Template"));
        }
        TemplateParameters.Result r = TemplateParameters.resolve(name, template.path("parameters"), obj.path("spec").path("parameters"), "spec.parameters");
        if (!r.ok()) throw ApiException.invalid("TemplateInstance", Objects.name(obj), r.errors());
    }
}
