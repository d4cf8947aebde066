package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.store.Command;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes of one operation inside a batch: kept apart until the operation succeeds, so a failing
 * operation leaves no trace. Also the {@link Command.View} a transact command reads. Writer thread only.
 */
final class WriteScope implements Command.View {
    private final WriteTx tx;
    private final Map<ResourceKey, Optional<ObjectNode>> writes = new HashMap<>();
    private final List<Change> changes = new ArrayList<>();
    private long revision;

    WriteScope(WriteTx tx) {
        this.tx = tx;
        this.revision = tx.revision;
    }

    /** The current object (shared: do not mutate), or null. */
    ObjectNode current(ResourceKey key) {
        Optional<ObjectNode> o = writes.get(key);
        if (o != null) return o.orElse(null);
        return tx.current(key);
    }

    /** Loads, in one round trip, the keys neither this scope nor its transaction has read yet. */
    void prefetch(List<ResourceKey> keys) {
        tx.prefetch(keys.stream().filter(k -> !writes.containsKey(k)).toList());
    }

    /** Stores {@code object} at a new revision (filled into metadata.resourceVersion); returns it. */
    ObjectNode put(ResourceKey key, ObjectNode object) {
        ObjectNode previous = current(key);
        long rev = ++revision;
        Objects.metadata(object).put("resourceVersion", Long.toString(rev));
        changes.add(new Change(rev, key, false, object, previous));
        writes.put(key, Optional.of(object));
        return object;
    }

    /** Removes the object; returns its last state carrying the deletion's revision. */
    ObjectNode remove(ResourceKey key, ObjectNode last) {
        ObjectNode previous = current(key);
        long rev = ++revision;
        ObjectNode gone = last.deepCopy();
        Objects.metadata(gone).put("resourceVersion", Long.toString(rev));
        changes.add(new Change(rev, key, true, gone, previous));
        writes.put(key, Optional.empty());
        return gone;
    }

    /** Applies a rule's outcome; returns what the caller is answered (shared: copy before handing out). */
    ObjectNode apply(ResourceKey key, ObjectRules.Outcome outcome) {
        return switch (outcome) {
            case ObjectRules.Store s -> put(key, s.object());
            case ObjectRules.Remove r -> remove(key, r.last());
            case ObjectRules.Unchanged u -> u.current();
        };
    }

    void merge() {
        if (!changes.isEmpty()) tx.merge(writes, changes, revision);
    }

    @Override
    public Optional<ObjectNode> get(ResourceKey key) {
        return Optional.ofNullable(current(key)).map(ObjectNode::deepCopy);
    }

    /** Everything matching (limit and continue are ignored inside a transaction). */
    @Override
    public List<ObjectNode> list(ListOptions options) {
        Map<ResourceKey, ObjectNode> all = tx.scan(options.resource(), options.namespace(), SelectorSql.of(options.labels(), options.fields()));
        writes.forEach((k, v) -> {
            if (!k.resource().equals(options.resource()) || (options.namespace() != null && !options.namespace().equals(k.namespace()))) return;
            if (v.isPresent()) all.put(k, v.get());
            else all.remove(k);
        });
        return all.entrySet().stream()
                .filter(e -> options.labels().matches(Objects.labels(e.getValue())) && options.fields().matches(e.getValue()))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(ResourceKey::namespace).thenComparing(ResourceKey::name)))
                .map(e -> e.getValue().deepCopy())
                .toList();
    }

    @Override
    public List<ObjectNode> listNamespacePrefix(String resource, String namespacePrefix) {
        Map<ResourceKey, ObjectNode> all = tx.scan(resource, null, new SelectorSql(" AND namespace LIKE ?", List.of(WriteTx.likePrefix(namespacePrefix))));
        writes.forEach((k, v) -> {
            if (!k.resource().equals(resource)) return;
            if (v.isPresent()) all.put(k, v.get());
            else all.remove(k);
        });
        return all.entrySet().stream()
                .filter(e -> e.getKey().namespace().startsWith(namespacePrefix))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(ResourceKey::namespace).thenComparing(ResourceKey::name)))
                .map(e -> e.getValue().deepCopy())
                .toList();
    }

    @Override
    public List<ResourceKey> keysNamespacePrefix(String resource, String namespacePrefix) {
        java.util.Set<ResourceKey> keys = tx.scanKeys(resource, namespacePrefix);
        writes.forEach((k, v) -> {
            if (!k.resource().equals(resource) || !k.namespace().startsWith(namespacePrefix)) return;
            if (v.isPresent()) keys.add(k);
            else keys.remove(k);
        });
        return keys.stream().sorted(Comparator.comparing(ResourceKey::namespace).thenComparing(ResourceKey::name)).toList();
    }
}
