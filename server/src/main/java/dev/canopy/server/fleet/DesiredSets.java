package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FrozenJson;
import dev.canopy.api.Objects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link FleetHub}'s bookkeeping of desired objects, kept out of its loop: which namespaces a change touches,
 * the union of the sources' answers by key, and what differs from what a cluster was last sent. Pure functions of
 * their arguments, except that {@link #changed} records in the {@link ClusterState} what it returns; called on the
 * hub's loop thread ({@link #touched}: on informer threads, stateless).
 */
final class DesiredSets {
    private final List<DesiredObjects> sources;
    /** Resource → the sources that watch it, in order: looked up once per informer event. */
    private final Map<String, List<DesiredObjects>> watchers = new java.util.LinkedHashMap<>();

    /** @param sources in order; an object two sources name is taken from the first */
    DesiredSets(List<DesiredObjects> sources) {
        this.sources = List.copyOf(sources);
        for (DesiredObjects src : this.sources) {
            for (String r : src.watches()) watchers.computeIfAbsent(r, x -> new ArrayList<>()).add(src);
        }
    }

    /** Every resource some source watches, in the sources' order. */
    java.util.Set<String> watched() { return java.util.Collections.unmodifiableSet(watchers.keySet()); }

    /**
     * The namespaces a change touches for the sources that watch its resource ({@link DesiredObjects#touched}), or
     * null when one of them cannot tell. Informer threads.
     */
    java.util.Set<String> touched(String resource, ObjectNode before, ObjectNode after) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (DesiredObjects src : watchers.getOrDefault(resource, List.of())) {
            java.util.Set<String> t = src.touched(resource, before, after);
            if (t == null) return null;
            out.addAll(t);
        }
        return out;
    }

    /**
     * Every cluster's objects by key ({@link #key}): the union of the sources' answers, first source winning on a
     * shared key; an entry (possibly empty) for every cluster in {@code cs}.
     */
    Map<String, Map<String, ObjectNode>> merge(List<ObjectNode> cs, DesiredObjects.View view,
                                                       java.util.function.BiFunction<DesiredObjects, DesiredObjects.View, Map<String, List<ObjectNode>>> ask) {
        Map<String, Map<String, ObjectNode>> merged = new java.util.TreeMap<>();
        for (ObjectNode c : cs) merged.put(Objects.name(c), new HashMap<>());
        for (DesiredObjects src : sources) {
            ask.apply(src, view).forEach((cluster, objects) -> {
                Map<String, ObjectNode> into = merged.get(cluster);
                if (into == null) return;   // a source's answer for a cluster that does not exist
                for (ObjectNode o : objects) into.putIfAbsent(key(o), o);
            });
        }
        return merged;
    }

    /** The objects of {@code next} that differ from what was published, frozen and recorded as published. */
    static List<ObjectNode> changed(ClusterState s, Map<String, ObjectNode> next) {
        List<ObjectNode> upserts = new ArrayList<>();
        next.forEach((k, o) -> {
            ObjectNode published = s.desired.get(k);
            if (published == o) return;
            if (o.equals(published)) {
                // the same content from a new instance (its seed object changed elsewhere): keep the source's, so the
                // next pass compares by identity instead of field by field (200,000 deep comparisons per whole pass)
                if (FrozenJson.isFrozen(o)) s.desired.put(k, o);
            } else {
                // what was published is kept frozen (compact; unchanged objects stay the same instances): at 100,000
                // Spaces on one cluster it is 200,000 objects
                ObjectNode frozen = FrozenJson.freeze(o);
                upserts.add(frozen);
                s.desired.put(k, frozen);
            }
        });
        return upserts;
    }

    /**
     * The keys of what was published that {@code next} no longer has: all of them, or (a partial pass) those of
     * {@code namespaces} only, found as ranges of the sorted keys.
     */
    static List<String> gone(ClusterState s, Map<String, ObjectNode> next, java.util.Set<String> namespaces) {
        List<String> gone = new ArrayList<>();
        if (namespaces == null) {
            s.desired.forEach((k, o) -> { if (!next.containsKey(k)) gone.add(k); });
        } else {
            for (String ns : namespaces) {
                for (String k : s.desired.subMap(ns + '\0', ns + '\1').keySet()) if (!next.containsKey(k)) gone.add(k);
            }
        }
        return gone;
    }

    /**
     * An object's key in what the hub publishes: its namespace for partial passes ({@link DesiredObjects#namespaceOf},
     * "" for other cluster-scoped objects), NUL, kind/namespace/name. A namespace's objects are one range of a sorted map.
     */
    static String key(ObjectNode o) {
        String group = DesiredObjects.namespaceOf(o);
        String ns = Objects.namespace(o);
        return (group == null ? "" : group) + '\0' + o.path("kind").asText() + "/" + (ns == null ? "" : ns) + "/" + Objects.name(o);
    }
}
