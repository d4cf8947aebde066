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
 * @param namespacePrefix null, or only namespaces starting with it (a narrowing hint for lists: a caller that
 *                        filters the objects anyway can ask for one namespace subtree; watches ignore it)
 */
public record ListOptions(String resource, String namespace, LabelSelector labels, FieldSelector fields, int limit, String continueToken,
                          String namespacePrefix) {
    public ListOptions(String resource, String namespace, LabelSelector labels, FieldSelector fields, int limit, String continueToken) {
        this(resource, namespace, labels, fields, limit, continueToken, null);
    }

    public static ListOptions all(String resource) {
        return new ListOptions(resource, null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, 0, null);
    }

    public ListOptions inNamespace(String ns) { return new ListOptions(resource, ns, labels, fields, limit, continueToken, namespacePrefix); }
    public ListOptions withLabels(LabelSelector l) { return new ListOptions(resource, namespace, l, fields, limit, continueToken, namespacePrefix); }
    public ListOptions withFields(FieldSelector f) { return new ListOptions(resource, namespace, labels, f, limit, continueToken, namespacePrefix); }
    public ListOptions page(int lim, String cont) { return new ListOptions(resource, namespace, labels, fields, lim, cont, namespacePrefix); }
    public ListOptions withNamespacePrefix(String p) { return new ListOptions(resource, namespace, labels, fields, limit, continueToken, p); }
}
