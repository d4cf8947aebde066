package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.store.ResourceKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the writer knows of the store without asking: the revision it last saw the counter at, and the
 * current rows of the keys it recently read under the lock or wrote, exact as of that revision. Every
 * write, by any process, bumps the counter, so while the counter still reads {@link #revision()} nothing
 * here is stale; the moment the writer sees another value, it {@link #forget forgets} everything.
 * Bounded (least recently used rows leave first). Rows are kept as their JSON text: a row lives here for
 * thousands of writes, long enough to be copied by several young collections, and a text is two objects
 * where a parsed tree is about a hundred (the trees made young pauses of a create-heavy load 3× longer).
 * Writer thread only.
 */
final class KnownRows {
    /** A row: the object's JSON text, null when the key is known to be free. */
    record Row(String text) {
        static final Row FREE = new Row(null);
    }

    private final int capacity;
    private final LinkedHashMap<ResourceKey, Row> rows;
    private long revision = -1;

    KnownRows(int capacity) {
        this.capacity = capacity;
        this.rows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ResourceKey, Row> eldest) { return size() > KnownRows.this.capacity; }
        };
    }

    /** The revision the rows are exact at; -1 when nothing is known. */
    long revision() { return revision; }

    /** The row of {@code key}, or null when it is not known. */
    Row get(ResourceKey key) { return revision < 0 ? null : rows.get(key); }

    /**
     * The counter was seen (under its lock) at {@code counter}: if another process wrote since this writer
     * last saw it, nothing known is exact any more.
     */
    void sawCounter(long counter) {
        if (counter != revision) forget();
        revision = counter;
    }

    /** Rows read under the lock at {@link #revision()}. */
    void read(ResourceKey key, String text) { rows.put(key, text == null ? Row.FREE : new Row(text)); }

    /** This writer committed {@code writes} (empty: removed), reaching {@code newRevision}. */
    void committed(Map<ResourceKey, Optional<ObjectNode>> writes, Map<ObjectNode, String> texts, long newRevision) {
        writes.forEach((k, v) -> rows.put(k, v.map(o -> new Row(java.util.Objects.requireNonNull(texts.get(o)))).orElse(Row.FREE)));
        revision = newRevision;
    }

    /** Nothing is known any more (another process wrote, or a batch failed halfway). */
    void forget() {
        rows.clear();
        revision = -1;
    }

    int size() { return rows.size(); }
}
