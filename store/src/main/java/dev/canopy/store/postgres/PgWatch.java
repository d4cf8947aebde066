package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.store.ListOptions;
import dev.canopy.store.Watch;
import dev.canopy.store.WatchEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A watch: a cursor over the shared {@link EventLog}. Reads recent changes from the ring and older ones
 * from the log table, filters them by resource, namespace and selectors, and turns selector transitions
 * into ADDED/DELETED as kube-apiserver does. One consumer thread; events are copies the caller may change.
 */
final class PgWatch implements Watch {
    private final EventLog log;
    private final ListOptions options;
    private final LongSupplier compacted;
    private final ArrayDeque<WatchEvent> pending = new ArrayDeque<>();
    private volatile long cursor;
    private volatile boolean closed;

    PgWatch(EventLog log, ListOptions options, long fromRevision, LongSupplier compacted) {
        this.log = log;
        this.options = options;
        this.cursor = fromRevision;
        this.compacted = compacted;
    }

    @Override
    public WatchEvent next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            WatchEvent ready = pending.poll();
            if (ready != null) return ready;
            long left = deadline - System.nanoTime();
            List<Change> changes = log.awaitAfter(cursor, 256, Duration.ofNanos(Math.max(0, left)));
            if (changes == null) changes = fromTable();
            if (changes.isEmpty()) return null;
            for (Change c : changes) {
                WatchEvent e = toEvent(c);
                cursor = c.revision();
                if (e != null) pending.add(e);
            }
        }
        return null;
    }

    /** Changes older than the ring; the log is contiguous, so a missing revision means it was compacted. */
    private List<Change> fromTable() {
        List<Change> rows;
        try {
            rows = log.readLog(cursor, 500);
        } catch (SQLException e) {
            throw ApiException.internal("watch failed to read the revision log: " + e.getMessage());
        }
        if (rows.isEmpty() || rows.get(0).revision() != cursor + 1)
            throw ApiException.gone("too old resource version: " + cursor + " (" + compacted.getAsLong() + ")");
        return rows;
    }

    private WatchEvent toEvent(Change c) {
        if (!c.key().resource().equals(options.resource())) return null;
        if (options.namespace() != null && !options.namespace().equals(c.key().namespace())) return null;
        boolean was = c.previous() != null && matches(c.previous());
        if (c.deleted()) return was ? event(WatchEvent.Type.DELETED, c) : null;
        boolean is = matches(c.object());
        if (is && was) return event(WatchEvent.Type.MODIFIED, c);
        if (is) return event(WatchEvent.Type.ADDED, c);
        if (was) return event(WatchEvent.Type.DELETED, c);
        return null;
    }

    private boolean matches(ObjectNode o) {
        return options.labels().matches(Objects.labels(o)) && options.fields().matches(o);
    }

    private static WatchEvent event(WatchEvent.Type type, Change c) {
        return new WatchEvent(type, c.object().deepCopy(), c.previous() == null ? null : c.previous().deepCopy(), c.revision());
    }

    @Override
    public long revision() {
        return pending.isEmpty() ? cursor : pending.peekFirst().revision() - 1;
    }

    @Override
    public void close() {
        closed = true;
    }
}
