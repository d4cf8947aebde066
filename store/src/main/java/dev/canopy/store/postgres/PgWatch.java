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
 * into ADDED/DELETED as kube-apiserver does. One consumer thread; events are fresh parses the caller may change.
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
            List<LogEntry> changes = log.awaitAfter(cursor, 256, Duration.ofNanos(Math.max(0, left)));
            if (changes == null) changes = fromTable();
            if (changes.isEmpty()) return null;
            for (LogEntry c : changes) {
                WatchEvent e = toEvent(c);
                cursor = c.revision();
                if (e != null) pending.add(e);
            }
        }
        return null;
    }

    /** Changes older than the ring; the log is contiguous, so a missing revision means it was compacted. */
    private List<LogEntry> fromTable() {
        List<LogEntry> rows;
        try {
            rows = log.readLog(cursor, 500);
        } catch (SQLException e) {
            throw ApiException.internal("watch failed to read the revision log: " + e.getMessage());
        }
        if (rows.isEmpty() || rows.get(0).revision() != cursor + 1)
            throw ApiException.gone("too old resource version: " + cursor + " (" + compacted.getAsLong() + ")");
        return rows;
    }

    /** Parses only what it needs: nothing for another resource, and without selectors only the objects it delivers. */
    private WatchEvent toEvent(LogEntry c) {
        if (!c.key().resource().equals(options.resource())) return null;
        if (options.namespace() != null && !options.namespace().equals(c.key().namespace())) return null;
        if (options.labels().isEverything() && options.fields().isEverything()) {
            if (c.deleted()) return c.previous() == null ? null : event(WatchEvent.Type.DELETED, c, c.parsedObject(), c.parsedPrevious());
            return event(c.previous() == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED, c, c.parsedObject(), c.parsedPrevious());
        }
        ObjectNode previous = c.parsedPrevious();
        boolean was = previous != null && matches(previous);
        ObjectNode object = c.parsedObject();
        if (c.deleted()) return was ? event(WatchEvent.Type.DELETED, c, object, previous) : null;
        boolean is = matches(object);
        if (is && was) return event(WatchEvent.Type.MODIFIED, c, object, previous);
        if (is) return event(WatchEvent.Type.ADDED, c, object, previous);
        if (was) return event(WatchEvent.Type.DELETED, c, object, previous);
        return null;
    }

    private boolean matches(ObjectNode o) {
        return options.labels().matches(Objects.labels(o)) && options.fields().matches(o);
    }

    /** The objects are fresh parses: the caller may change them. */
    private static WatchEvent event(WatchEvent.Type type, LogEntry c, ObjectNode object, ObjectNode previous) {
        return new WatchEvent(type, object, previous, c.revision());
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
