package dev.canopy.tenancy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A small immutable hash map with structural sharing (a hash array mapped trie, 32-way): {@link #plus}
 * and {@link #minus} copy only the O(log32 n) nodes on the key's path, so a new snapshot of a
 * 10,000-entry map costs a few small array copies instead of 10,000 entry copies. Package-private: it
 * exists only so {@link TenantTree} updates stay cheap; no nulls as keys or values.
 */
final class PersistentMap<K, V> {
    private static final PersistentMap<Object, Object> EMPTY = new PersistentMap<>(BitmapNode.EMPTY, 0);

    private final Node root;
    private final int size;

    private PersistentMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K, V> PersistentMap<K, V> empty() { return (PersistentMap<K, V>) EMPTY; }

    int size() { return size; }

    boolean containsKey(Object key) { return key != null && get(key) != null; }

    @SuppressWarnings("unchecked")
    V get(Object key) {
        if (key == null) return null;
        return (V) root.get(spread(key.hashCode()), key, 0);
    }

    V getOrDefault(Object key, V fallback) {
        V v = get(key);
        return v == null ? fallback : v;
    }

    PersistentMap<K, V> plus(K key, V value) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(value);
        boolean[] added = new boolean[1];
        Node r = root.put(spread(key.hashCode()), key, value, 0, added);
        return r == root ? this : new PersistentMap<>(r, added[0] ? size + 1 : size);
    }

    PersistentMap<K, V> minus(Object key) {
        if (key == null) return this;
        Node r = root.remove(spread(key.hashCode()), key, 0);
        if (r == root) return this;
        return new PersistentMap<>(r == null ? BitmapNode.EMPTY : r, size - 1);
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<? super K, ? super V> action) {
        root.forEach((k, v) -> action.accept((K) k, (V) v));
    }

    List<K> keys() {
        List<K> out = new ArrayList<>(size);
        forEach((k, v) -> out.add(k));
        return out;
    }

    private static int spread(int h) { return h ^ (h >>> 16); }

    private record Entry(int hash, Object key, Object value) {}

    private sealed interface Node permits BitmapNode, CollisionNode {
        Object get(int hash, Object key, int shift);
        /** The same node when nothing changed. */
        Node put(int hash, Object key, Object value, int shift, boolean[] added);
        /** The same node when the key is absent; null when the node became empty. */
        Node remove(int hash, Object key, int shift);
        void forEach(BiConsumer<Object, Object> action);
    }

    /** Slots hold an {@link Entry} or a child {@link Node}; {@code bitmap} says which of the 32 are present. */
    private record BitmapNode(int bitmap, Object[] slots) implements Node {
        static final BitmapNode EMPTY = new BitmapNode(0, new Object[0]);

        private static int bit(int hash, int shift) { return 1 << ((hash >>> shift) & 31); }
        private int index(int bit) { return Integer.bitCount(bitmap & (bit - 1)); }

        @Override public Object get(int hash, Object key, int shift) {
            int bit = bit(hash, shift);
            if ((bitmap & bit) == 0) return null;
            Object o = slots[index(bit)];
            if (o instanceof Entry e) return e.hash() == hash && e.key().equals(key) ? e.value() : null;
            return ((Node) o).get(hash, key, shift + 5);
        }

        @Override public Node put(int hash, Object key, Object value, int shift, boolean[] added) {
            int bit = bit(hash, shift), i = index(bit);
            if ((bitmap & bit) == 0) {
                Object[] s = new Object[slots.length + 1];
                System.arraycopy(slots, 0, s, 0, i);
                s[i] = new Entry(hash, key, value);
                System.arraycopy(slots, i, s, i + 1, slots.length - i);
                added[0] = true;
                return new BitmapNode(bitmap | bit, s);
            }
            Object o = slots[i];
            Object replacement;
            if (o instanceof Entry e) {
                if (e.hash() == hash && e.key().equals(key)) {
                    if (e.value() == value) return this;
                    replacement = new Entry(hash, key, value);
                } else {
                    added[0] = true;
                    replacement = e.hash() == hash
                            ? new CollisionNode(hash, new Entry[] {e, new Entry(hash, key, value)})
                            : BitmapNode.EMPTY.put(e.hash(), e.key(), e.value(), shift + 5, new boolean[1])
                                    .put(hash, key, value, shift + 5, new boolean[1]);
                }
            } else {
                Node child = (Node) o;
                Node n = child.put(hash, key, value, shift + 5, added);
                if (n == child) return this;
                replacement = n;
            }
            Object[] s = slots.clone();
            s[i] = replacement;
            return new BitmapNode(bitmap, s);
        }

        @Override public Node remove(int hash, Object key, int shift) {
            int bit = bit(hash, shift);
            if ((bitmap & bit) == 0) return this;
            int i = index(bit);
            Object o = slots[i];
            Object replacement;
            if (o instanceof Entry e) {
                if (!(e.hash() == hash && e.key().equals(key))) return this;
                replacement = null;
            } else {
                Node child = (Node) o;
                Node n = child.remove(hash, key, shift + 5);
                if (n == child) return this;
                replacement = n;
            }
            if (replacement != null) {
                Object[] s = slots.clone();
                s[i] = replacement;
                return new BitmapNode(bitmap, s);
            }
            if (slots.length == 1) return null;
            Object[] s = new Object[slots.length - 1];
            System.arraycopy(slots, 0, s, 0, i);
            System.arraycopy(slots, i + 1, s, i, slots.length - i - 1);
            return new BitmapNode(bitmap & ~bit, s);
        }

        @Override public void forEach(BiConsumer<Object, Object> action) {
            for (Object o : slots) {
                if (o instanceof Entry e) action.accept(e.key(), e.value());
                else ((Node) o).forEach(action);
            }
        }
    }

    /** Keys whose spread hashes are fully equal. */
    private record CollisionNode(int hash, Entry[] entries) implements Node {
        @Override public Object get(int h, Object key, int shift) {
            for (Entry e : entries) if (e.key().equals(key)) return e.value();
            return null;
        }

        @Override public Node put(int h, Object key, Object value, int shift, boolean[] added) {
            for (int i = 0; i < entries.length; i++) {
                if (entries[i].key().equals(key)) {
                    if (entries[i].value() == value) return this;
                    Entry[] s = entries.clone();
                    s[i] = new Entry(h, key, value);
                    return new CollisionNode(hash, s);
                }
            }
            Entry[] s = java.util.Arrays.copyOf(entries, entries.length + 1);
            s[entries.length] = new Entry(h, key, value);
            added[0] = true;
            return new CollisionNode(hash, s);
        }

        @Override public Node remove(int h, Object key, int shift) {
            for (int i = 0; i < entries.length; i++) {
                if (entries[i].key().equals(key)) {
                    if (entries.length == 1) return null;
                    Entry[] s = new Entry[entries.length - 1];
                    System.arraycopy(entries, 0, s, 0, i);
                    System.arraycopy(entries, i + 1, s, i, entries.length - i - 1);
                    return new CollisionNode(hash, s);
                }
            }
            return this;
        }

        @Override public void forEach(BiConsumer<Object, Object> action) {
            for (Entry e : entries) action.accept(e.key(), e.value());
        }
    }
}
