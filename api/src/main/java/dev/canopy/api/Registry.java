package dev.canopy.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds the server serves, by group/version/plural and by apiVersion/kind. Built once at start-up
 * ({@link BuiltinKinds#registry()}), then read-only and safe to share between threads.
 */
public final class Registry {
    private final Map<String, ResourceType> byPath = new LinkedHashMap<>();   // group/version/plural
    private final Map<String, ResourceType> byKind = new LinkedHashMap<>();   // apiVersion/Kind
    private final Map<String, List<ResourceType>> byStorage = new LinkedHashMap<>();

    public Registry register(ResourceType t) {
        String path = t.group() + "/" + t.version() + "/" + t.plural();
        if (byPath.putIfAbsent(path, t) != null) throw new IllegalArgumentException("registered twice: " + path);
        byKind.put(t.apiVersion() + "/" + t.kind(), t);
        byStorage.computeIfAbsent(t.storageResource(), k -> new ArrayList<>()).add(t);
        return this;
    }

    /** Registers {@code t} and the same kind under each alias group/version. */
    public Registry register(ResourceType t, String... aliasGroupVersions) {
        register(t);
        for (String gv : aliasGroupVersions) {
            int slash = gv.indexOf('/');
            register(t.alias(gv.substring(0, slash), gv.substring(slash + 1)));
        }
        return this;
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return Optional.ofNullable(byPath.get(group + "/" + version + "/" + plural));
    }

    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(apiVersion + "/" + kind));
    }

    /** The canonical (non-alias) registration of what is stored under {@code storageResource}. */
    public Optional<ResourceType> canonical(String storageResource) {
        List<ResourceType> l = byStorage.get(storageResource);
        if (l == null) return Optional.empty();
        return l.stream().filter(t -> !t.isAlias()).findFirst().or(() -> Optional.of(l.get(0)));
    }

    public List<ResourceType> all() { return Collections.unmodifiableList(new ArrayList<>(byPath.values())); }

    /** Groups in registration order, core ("") first. */
    public Set<String> groups() {
        Set<String> out = new LinkedHashSet<>();
        out.add("");
        byPath.values().forEach(t -> out.add(t.group()));
        return out;
    }

    public List<String> versions(String group) {
        return byPath.values().stream().filter(t -> t.group().equals(group)).map(ResourceType::version).distinct().toList();
    }

    public List<ResourceType> resources(String group, String version) {
        return byPath.values().stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }
}
