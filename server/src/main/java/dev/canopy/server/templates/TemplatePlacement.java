package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.fleet.DesiredObjects;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fleet source: every TemplateInstance whose namespace carries {@link SpaceLabels#CLUSTER} sends the objects
 * of its rendered record ({@link RenderedTemplates}) to that cluster. Nothing is sent for an instance or a
 * namespace being deleted, for a record left by an earlier instance of the same name, or for a cluster being
 * deleted. The namespace itself is not sent: placing it is the Space's business (its own source). A pure
 * function of what the view lists — no rendering here (Helm runs in {@link TemplateInstanceController});
 * deterministic (records in namespace/name order); stateless and thread-safe.
 */
public final class TemplatePlacement implements DesiredObjects {
    static final String NAMESPACES = "core/namespaces";

    @Override
    public List<String> watches() { return List.of(TemplateKinds.TEMPLATE_INSTANCES, RenderedTemplates.RESOURCE, NAMESPACES); }

    /** A cluster's answer depends on that cluster alone. */
    @Override
    public boolean perCluster() { return true; }

    @Override
    public Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view) {
        return desired(clusters, view.list(TemplateKinds.TEMPLATE_INSTANCES), view.list(RenderedTemplates.RESOURCE), view.byName(NAMESPACES));
    }

    /** An instance or a rendered record touches its namespace; a namespace itself (its cluster label says where its objects go). */
    @Override
    public Set<String> touched(String resource, ObjectNode before, ObjectNode after) {
        ObjectNode o = after != null ? after : before;
        return Set.of(resource.equals(NAMESPACES) ? Objects.name(o) : Objects.namespace(o));
    }

    @Override
    public Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, View view, Set<String> namespaces) {
        List<ObjectNode> instances = new ArrayList<>(), records = new ArrayList<>();
        for (String ns : namespaces) {
            instances.addAll(view.list(TemplateKinds.TEMPLATE_INSTANCES, ns));
            records.addAll(view.list(RenderedTemplates.RESOURCE, ns));
        }
        return desired(clusters, instances, records, view.byName(NAMESPACES));
    }

    /** @return every cluster's name → the template objects it should hold (an entry, possibly empty, for every cluster) */
    public static Map<String, List<ObjectNode>> desired(List<ObjectNode> clusters, List<ObjectNode> instances, List<ObjectNode> records,
                                                        Map<String, ObjectNode> namespaces) {
        Map<String, List<ObjectNode>> out = new TreeMap<>();
        for (ObjectNode c : clusters) if (!Objects.deleting(c)) out.put(Objects.name(c), new ArrayList<>());
        Map<String, ObjectNode> byKey = new HashMap<>();
        for (ObjectNode i : instances) byKey.put(Objects.namespace(i) + "/" + Objects.name(i), i);
        List<ObjectNode> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing((ObjectNode r) -> Objects.namespace(r)).thenComparing(Objects::name));
        for (ObjectNode r : sorted) {
            ObjectNode instance = byKey.get(Objects.namespace(r) + "/" + Objects.name(r));
            if (instance == null || Objects.deleting(instance) || !RenderedTemplates.belongsTo(r, instance)) continue;
            ObjectNode ns = namespaces.get(Objects.namespace(r));
            if (ns == null || Objects.deleting(ns)) continue;
            List<ObjectNode> into = out.get(Objects.labels(ns).getOrDefault(SpaceLabels.CLUSTER, ""));
            if (into != null) into.addAll(RenderedTemplates.objects(r));
        }
        for (ObjectNode c : clusters) out.putIfAbsent(Objects.name(c), new ArrayList<>());
        return out;
    }
}
