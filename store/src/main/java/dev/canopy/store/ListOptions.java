package dev.canopy.store;

import dev.canopy.api.selector.FieldSelector;
import dev.canopy.api.selector.LabelSelector;

/**
 * A list or watch request.
 *
 * @param resource      storage resource ("core/configmaps")
 * @param namespace     null = all namespaces (and always null for cluster-scoped resources)
 * @param labels        never null; {@link LabelSelector#EVERYTHING} to match all
 * @param fields        never null; {@link FieldSelector#EVERYTHING} to match all
 * @param limit         0 = no limit
 * @param continueToken null or the token of the previous page (opaque; a bad one is 400, an expired one 410)
 */
public record ListOptions(String resource, String namespace, LabelSelector labels, FieldSelector fields, int limit, String continueToken) {
    public static ListOptions all(String resource) {
        return new ListOptions(resource, null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, 0, null);
    }

    public ListOptions inNamespace(String ns) { return new ListOptions(resource, ns, labels, fields, limit, continueToken); }
    public ListOptions withLabels(LabelSelector l) { return new ListOptions(resource, namespace, l, fields, limit, continueToken); }
    public ListOptions withFields(FieldSelector f) { return new ListOptions(resource, namespace, labels, f, limit, continueToken); }
    public ListOptions page(int lim, String cont) { return new ListOptions(resource, namespace, labels, fields, lim, cont); }
}
