package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.TemplateKinds;

/**
 * Step 1 (pure): whether a TemplateInstance must be rendered now. kiosk's rules, plus what Canopy adds:
 * <ul>
 *   <li>no status, or Pending → render;</li>
 *   <li>the Template is missing → render (which fails with TemplateNotFound), unless it already failed so;</li>
 *   <li>the instance's spec changed since the last render ({@code status.observedGeneration}) → render;</li>
 *   <li>Deployed but its rendered record is missing or belongs to an earlier instance of that name → render;</li>
 *   <li>{@code spec.sync} and the Template's resourceVersion differs from {@code status.templateResourceVersion}
 *       (Deployed or Failed) → render;</li>
 *   <li>{@code spec.sync}, Deployed, and the namespace's labels or annotations (what the built-ins read) differ
 *       from those the record was rendered with → render;</li>
 *   <li>otherwise nothing (a Failed instance that is not synced stays Failed until its spec or Template changes).</li>
 * </ul>
 */
final class RenderDecision {
    private RenderDecision() {}

    /**
     * @param template the Template, or null when it does not exist
     * @param record   the instance's rendered record, or null
     * @param namespaceFingerprint {@link RenderedTemplates#namespaceFingerprint} of the namespace now
     */
    static boolean render(JsonNode instance, JsonNode template, JsonNode record, String namespaceFingerprint) {
        JsonNode status = instance.path("status");
        String phase = status.path("status").asText("");
        if (phase.isEmpty() || phase.equals(TemplateKinds.PENDING)) return true;
        if (template == null) return !(phase.equals(TemplateKinds.FAILED) && status.path("reason").asText("").equals(RenderStep.TEMPLATE_NOT_FOUND));
        if (status.path("observedGeneration").asLong(0) != instance.path("metadata").path("generation").asLong(0)) return true;
        if (phase.equals(TemplateKinds.DEPLOYED) && (record == null || !RenderedTemplates.belongsTo(record, instance))) return true;
        boolean sync = instance.path("spec").path("sync").asBoolean(false);
        if (!sync) return false;
        if (!Objects.resourceVersion(template).equals(status.path("templateResourceVersion").asText(""))) return true;
        String seen = record == null ? "" : record.path("namespaceFingerprint").asText("");
        return phase.equals(TemplateKinds.DEPLOYED) && !seen.isEmpty() && !seen.equals(namespaceFingerprint);
    }
}
