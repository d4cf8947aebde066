package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.server.kiosk.TemplateRendering;
import java.util.stream.Collectors;

/**
 * Step 2: renders the instance ({@link TemplateRendering}) and turns a refusal into kiosk's failure reasons:
 * {@code TemplateNotFound} (kiosk's message), {@code ErrorValidatingParameters} (a cause at
 * {@code spec.parameters}), {@code ErrorHelm} (at {@code resources.helm}: Helm's message),
 * {@code ErrorReplaceParameters} (any other 422, e.g. a namespace label a built-in names is missing),
 * {@code ErrorRendering} (anything else). Writes nothing; thread-safe.
 */
final class RenderStep {
    private RenderStep() {}

    static final String TEMPLATE_NOT_FOUND = "TemplateNotFound";

    sealed interface Outcome {}

    record Done(TemplateRendering.Rendered rendered) implements Outcome {}

    record Failed(String reason, String message) implements Outcome {}

    static Outcome run(TemplateRendering rendering, ObjectNode instance, ObjectNode namespace) {
        try {
            return new Done(rendering.render(instance, namespace));
        } catch (ApiException e) {
            if (e.code() == 404) {
                return new Failed(TEMPLATE_NOT_FOUND, "The specified template '" + instance.path("spec").path("template").asText() + "' couldn't be found.");
            }
            if (e.causes().isEmpty()) return new Failed("ErrorRendering", e.getMessage());
            String first = e.causes().getFirst().field();
            String reason = first.startsWith("spec.parameters") ? "ErrorValidatingParameters"
                    : first.startsWith("resources.helm") && !first.startsWith("resources.helm.values") && !first.startsWith("resources.helm.setValues") ? "ErrorHelm"
                    : "ErrorReplaceParameters";
            String message = reason.equals("ErrorHelm")
                    ? e.causes().getFirst().detail()
                    : e.causes().stream().map(FieldError::toString).collect(Collectors.joining("; "));
            return new Failed(reason, message);
        } catch (RuntimeException e) {
            return new Failed("ErrorRendering", String.valueOf(e.getMessage()));
        }
    }
}
