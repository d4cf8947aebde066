package dev.canopy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Compact, read-only copies of JSON trees for objects kept in memory for long (informer caches, the fleet
 * hub's published state). A parsed {@link ObjectNode} costs about 100 bytes per field (a LinkedHashMap entry,
 * a 16-slot table per object, a TextNode and its String); at 100,000 Spaces the seed held several such copies
 * of every Space, namespace and RoleBinding and did not fit in 1 GB. A frozen tree is still a Jackson tree
 * (every reader, {@code equals}, serialization and {@code deepCopy()} work unchanged) but:
 * <ul>
 *   <li>objects keep their fields in one array (insertion order kept), arrays in an immutable list;</li>
 *   <li>equal strings and equal small subtrees met close together share one instance (a lossy,
 *       direct-mapped cache, so memory stays bounded: an account's name, a label value, {@code roleRef},
 *       {@code status: {phase: Active}} are stored once instead of once per object);</li>
 *   <li>it cannot be changed: {@code put}/{@code set}/{@code remove} throw {@link UnsupportedOperationException}.
 *       {@code deepCopy()} returns an ordinary mutable tree.</li>
 * </ul>
 * Thread-safe: frozen nodes are immutable (final fields only), so the racy cache publishes them safely.
 */
public final class FrozenJson {
    private FrozenJson() {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Objects with more fields than this keep an (unmodifiable) hash map, for constant-time lookups. */
    private static final int ARRAY_MAP_MAX = 16;
    private static final int TEXT_SLOTS = 1 << 14, TREE_SLOTS = 1 << 13, MAX_SHARED_TEXT = 256, MAX_SHARED_TREE = 16;
    private static final TextNode[] TEXTS = new TextNode[TEXT_SLOTS];
    private static final JsonNode[] TREES = new JsonNode[TREE_SLOTS];
    private static final int[] TREE_HASHES = new int[TREE_SLOTS];

    /** A frozen copy of {@code object} (itself when already frozen). */
    public static ObjectNode freeze(ObjectNode object) {
        return (ObjectNode) freeze(object, false);
    }

    /**
     * A frozen copy of a stored object without {@code metadata.managedFields}: server-side apply's bookkeeping,
     * often the largest part of an object, which no cache reader uses (client-go's informers drop it the same way).
     */
    public static ObjectNode freezeWithoutManagedFields(ObjectNode object) {
        return (ObjectNode) freeze(object, true);
    }

    /** Whether {@code node} is a frozen tree (its root, at least). */
    public static boolean isFrozen(JsonNode node) {
        return node instanceof ObjectNode o ? isFrozenObject(o) : node instanceof ArrayNode a && isFrozenArray(a);
    }

    private static JsonNode freeze(JsonNode root, boolean dropManagedFields) {
        if (isFrozen(root)) return root;
        return freeze(root, 0, null, dropManagedFields, new int[1]);
    }

    /**
     * @param depth 0 at the root
     * @param field the field holding {@code node}, null for the root and array items
     * @param hash  out: the node's structural hash (for the shared-subtree cache)
     */
    private static JsonNode freeze(JsonNode node, int depth, String field, boolean dropManagedFields, int[] hash) {
        if (node instanceof ObjectNode o) {
            if (isFrozenObject(o)) {
                hash[0] = o.hashCode();
                return o;
            }
            int n = o.size();
            Object[] kv = new Object[2 * n];
            int i = 0, h = 1;
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                String k = e.getKey();
                if (dropManagedFields && depth == 1 && "metadata".equals(field) && k.equals("managedFields")) continue;
                JsonNode v = freeze(e.getValue(), depth + 1, k, dropManagedFields, hash);
                kv[i++] = k;
                kv[i++] = v;
                h = 31 * h + (k.hashCode() ^ hash[0]);
            }
            if (i < kv.length) kv = java.util.Arrays.copyOf(kv, i);
            hash[0] = h;
            ObjectNode frozen = new FrozenObject(map(kv));
            // a root or its metadata never repeats (name, uid): do not let them push shared subtrees out of the cache
            boolean unique = depth == 0 || depth == 1 && "metadata".equals(field);
            return unique || i / 2 > MAX_SHARED_TREE ? frozen : shared(frozen, h);
        }
        if (node instanceof ArrayNode a) {
            if (isFrozenArray(a)) {
                hash[0] = a.hashCode();
                return a;
            }
            JsonNode[] items = new JsonNode[a.size()];
            int h = 1;
            for (int i = 0; i < items.length; i++) {
                items[i] = freeze(a.get(i), depth + 1, null, dropManagedFields, hash);
                h = 31 * h + hash[0];
            }
            hash[0] = h;
            ArrayNode frozen = new FrozenArray(List.of(items));
            return items.length > MAX_SHARED_TREE ? frozen : shared(frozen, h);
        }
        if (node instanceof TextNode t) {
            String s = t.textValue();
            hash[0] = s.hashCode();
            return s.length() > MAX_SHARED_TEXT ? t : sharedText(t, hash[0]);
        }
        hash[0] = node.hashCode();
        return node;   // numbers, booleans, null: immutable already
    }

    private static TextNode sharedText(TextNode t, int hash) {
        int slot = spread(hash) & (TEXT_SLOTS - 1);
        TextNode known = TEXTS[slot];
        if (known != null && known.textValue().equals(t.textValue())) return known;
        TEXTS[slot] = t;
        return t;
    }

    private static JsonNode shared(JsonNode frozen, int hash) {
        int slot = spread(hash) & (TREE_SLOTS - 1);
        JsonNode known = TREES[slot];
        if (known != null && TREE_HASHES[slot] == hash && sameInOrder(known, frozen)) return known;
        // two racing writers may leave a hash that does not match its node: it only costs a miss
        TREES[slot] = frozen;
        TREE_HASHES[slot] = hash;
        return frozen;
    }

    /** Equal with fields in the same order (JsonNode.equals ignores the order, and sharing must not change it). */
    private static boolean sameInOrder(JsonNode a, JsonNode b) {
        if (a == b) return true;
        if (a instanceof FrozenObject x && b instanceof FrozenObject y) {
            if (x.size() != y.size()) return false;
            Iterator<Map.Entry<String, JsonNode>> i = x.properties().iterator(), j = y.properties().iterator();
            while (i.hasNext()) {
                var e = i.next();
                var f = j.next();
                if (!e.getKey().equals(f.getKey()) || !sameInOrder(e.getValue(), f.getValue())) return false;
            }
            return true;
        }
        if (a instanceof FrozenArray x && b instanceof FrozenArray y) {
            if (x.size() != y.size()) return false;
            for (int k = 0; k < x.size(); k++) if (!sameInOrder(x.get(k), y.get(k))) return false;
            return true;
        }
        return !a.isContainerNode() && a.equals(b);
    }

    private static int spread(int h) { return h ^ (h >>> 16) ^ (h >>> 7); }

    private static boolean isFrozenObject(ObjectNode o) { return o instanceof FrozenObject; }

    private static boolean isFrozenArray(ArrayNode a) { return a instanceof FrozenArray; }

    /** A read-only ObjectNode (its own class so that freezing a frozen tree costs nothing). */
    static final class FrozenObject extends ObjectNode {
        FrozenObject(Map<String, JsonNode> fields) { super(NODES, fields); }
    }

    /** A read-only ArrayNode. */
    static final class FrozenArray extends ArrayNode {
        FrozenArray(List<JsonNode> items) { super(NODES, items); }
    }

    private static Map<String, JsonNode> map(Object[] kv) {
        if (kv.length / 2 <= ARRAY_MAP_MAX) return new ArrayMap(kv);
        Map<String, JsonNode> m = new LinkedHashMap<>(kv.length);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (JsonNode) kv[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    /** Fields in one array, {@code [k0, v0, k1, v1, …]}, in insertion order; read-only. */
    static final class ArrayMap extends AbstractMap<String, JsonNode> {
        private final Object[] kv;

        ArrayMap(Object[] kv) { this.kv = kv; }

        @Override public int size() { return kv.length / 2; }

        @Override
        public JsonNode get(Object key) {
            for (int i = 0; i < kv.length; i += 2) if (kv[i] == key || kv[i].equals(key)) return (JsonNode) kv[i + 1];
            return null;
        }

        @Override public boolean containsKey(Object key) { return get(key) != null; }

        @Override
        public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
            for (int i = 0; i < kv.length; i += 2) action.accept((String) kv[i], (JsonNode) kv[i + 1]);
        }

        @Override
        public Set<Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override public int size() { return kv.length / 2; }

                @Override
                public Iterator<Entry<String, JsonNode>> iterator() {
                    return new Iterator<>() {
                        int i;

                        @Override public boolean hasNext() { return i < kv.length; }

                        @Override
                        public Entry<String, JsonNode> next() {
                            if (i >= kv.length) throw new NoSuchElementException();
                            var e = new SimpleImmutableEntry<>((String) kv[i], (JsonNode) kv[i + 1]);
                            i += 2;
                            return e;
                        }
                    };
                }
            };
        }
    }
}
