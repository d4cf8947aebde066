package dev.canopy.tenancy.templates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Objects;
import java.util.Map;

/**
 * What kiosk's built-in parameters read: the instance's namespace (name, labels, annotations) and the account
 * owning it (null when the namespace belongs to no account). Immutable.
 *
 * @param account the account's name, or null
 * @param accountLabels the account's labels (empty when unknown)
 */
public record TemplateContext(String namespace, Map<String, String> namespaceLabels, Map<String, String> namespaceAnnotations,
                              String account, Map<String, String> accountLabels, Map<String, String> accountAnnotations) {
    public TemplateContext {
        namespaceLabels = Map.copyOf(namespaceLabels);
        namespaceAnnotations = Map.copyOf(namespaceAnnotations);
        accountLabels = Map.copyOf(accountLabels);
        accountAnnotations = Map.copyOf(accountAnnotations);
    }

    /**
     * @param namespace the namespace object
     * @param accountLabel the namespace label naming its account (checked in order; first present wins)
     * @param account the Account object, or null
     */
    public static TemplateContext of(JsonNode namespace, JsonNode account, String... accountLabel) {
        Map<String, String> labels = Objects.labels(namespace);
        String acc = null;
        for (String l : accountLabel) {
            if (labels.containsKey(l) && !labels.get(l).isEmpty()) { acc = labels.get(l); break; }
        }
        if (acc == null && account != null) acc = Objects.name(account);
        return new TemplateContext(Objects.name(namespace), labels, Objects.annotations(namespace), acc,
                account == null ? Map.of() : Objects.labels(account), account == null ? Map.of() : Objects.annotations(account));
    }
}
