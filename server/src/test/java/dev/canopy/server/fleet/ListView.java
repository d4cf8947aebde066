package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link DesiredObjects.View} over plain lists, for the sources' unit tests; and the check that a source's partial
 * answer ({@code desired(clusters, view, namespaces)}) agrees with its whole answer, which is what lets the hub
 * recompute only the namespaces a change touched.
 */
public final class ListView implements DesiredObjects.View {
    private final Map<String, List<ObjectNode>> lists = new HashMap<>();

    /** @param resource e.g. {@code core/namespaces}; objects in any order (sorted here like an informer lists them) */
    public ListView with(String resource, List<ObjectNode> objects) {
        List<ObjectNode> sorted = new ArrayList<>(objects);
        sorted.sort(java.util.Comparator.comparing((ObjectNode o) -> ns(o)).thenComparing(Objects::name));
        lists.put(resource, sorted);
        return this;
    }

    private static String ns(ObjectNode o) { return java.util.Objects.requireNonNullElse(Objects.namespace(o), ""); }

    @Override public List<ObjectNode> list(String resource) { return lists.getOrDefault(resource, List.of()); }

    @Override
    public Map<String, ObjectNode> byName(String resource) {
        Map<String, ObjectNode> out = new TreeMap<>();
        for (ObjectNode o : list(resource)) out.put(Objects.name(o), o);
        return out;
    }

    @Override
    public List<ObjectNode> list(String resource, String namespace) {
        return list(resource).stream().filter(o -> ns(o).equals(namespace == null ? "" : namespace)).toList();
    }

    @Override
    public ObjectNode get(String resource, String namespace, String name) {
        return list(resource, namespace).stream().filter(o -> Objects.name(o).equals(name)).findFirst().orElse(null);
    }

    /**
     * For {@code namespaces}: the partial answer holds exactly the whole answer's objects of those namespaces, on the
     * same clusters, and only cluster-scoped objects the whole answer also has.
     */
    public static void assertPartialAgrees(DesiredObjects source, List<ObjectNode> clusters, DesiredObjects.View view, Set<String> namespaces) {
        Map<String, List<ObjectNode>> whole = source.desired(clusters, view);
        Map<String, List<ObjectNode>> partial = source.desired(clusters, view, namespaces);
        for (ObjectNode c : clusters) {
            String cluster = Objects.name(c);
            List<ObjectNode> w = whole.getOrDefault(cluster, List.of()), p = partial.getOrDefault(cluster, List.of());
            assertThat(p.stream().filter(o -> DesiredObjects.namespaceOf(o) != null).toList())
                    .as("%s: objects of %s", cluster, namespaces)
                    .containsExactlyInAnyOrderElementsOf(w.stream().filter(o -> DesiredObjects.namespaceOf(o) != null && namespaces.contains(DesiredObjects.namespaceOf(o))).toList());
            assertThat(p.stream().filter(o -> DesiredObjects.namespaceOf(o) == null).toList()).as("%s: cluster-scoped objects", cluster)
                    .isSubsetOf(w);
        }
    }
}
