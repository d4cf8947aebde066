package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import java.util.List;

/**
 * Renders a TemplateInstance against the Template it names. The Space flow calls it before it commits a new
 * Space (a template that cannot render fails the create, and nothing is written); the template controller
 * calls it on every sync. Reads the Template from the store, writes nothing: idempotent and thread-safe.
 */
public interface TemplateRendering {

    /**
     * @param templateInstance a TemplateInstance object ({@code spec.template}, {@code spec.parameters})
     * @param namespace        the namespace it lives in (its name, labels and annotations feed the built-in parameters)
     * @return the objects the instance puts into that namespace, and the Template's resourceVersion used
     * @throws ApiException 404 when the Template does not exist; 422 naming the parameter that is missing,
     *                      undeclared or fails its validation regex; 422 with Helm's message on a render error
     */
    Rendered render(ObjectNode templateInstance, ObjectNode namespace);

    /** What a render produced. */
    record Rendered(List<ObjectNode> objects, String templateResourceVersion) {
        public Rendered { objects = List.copyOf(objects); }
    }

    /** Until templates are wired: every render is refused with 503, so no Space is created half-done. */
    static TemplateRendering unavailable() {
        return (instance, ns) -> {
            throw new ApiException(503, "ServiceUnavailable", "templates are not available in this seed");
        };
    }
}
