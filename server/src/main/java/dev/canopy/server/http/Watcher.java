package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ListResult;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.Watch;
import dev.canopy.store.WatchEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams a watch as newline-delimited JSON events ({@code {"type":"ADDED","object":{...}}}), as
 * kube-apiserver does. Without a resourceVersion (or "0") it first sends the current objects as ADDED, then
 * changes; with one it resumes after it (410 Gone as an ERROR event when that is compacted). Sends BOOKMARK
 * events when asked ({@code allowWatchBookmarks=true}) and ends after {@code timeoutSeconds}.
 * One virtual thread per watch, blocking on {@link Watch#next}.
 */
public final class Watcher {
    private static final Duration BOOKMARK_EVERY = Duration.ofSeconds(5);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private final ResourceStore store;
    private final Visibility visibility;
    private final Clock clock;
    private final AtomicInteger open = new AtomicInteger();

    public Watcher(ResourceStore store, Visibility visibility, Clock clock) {
        this.store = store;
        this.visibility = visibility;
        this.clock = clock;
    }

    /** Watches open right now (a metric). */
    public int open() { return open.get(); }

    public void serve(Context ctx, RequestContext rc, ListOptions opts, long from) throws IOException {
        serve(ctx, rc, opts, from, Visibility.ALL);
    }

    /**
     * As {@link #serve(Context, RequestContext, ListOptions, long)}, sending only what {@code extra} also
     * admits (a filtered watch, see {@link ListFilter}). When {@code extra}'s {@link Visibility#generation}
     * changes (a grant revoked or added) the objects already sent are re-checked within about a second:
     * those no longer visible get a DELETED event, newly visible ones an ADDED event.
     */
    public void serve(Context ctx, RequestContext rc, ListOptions opts, long from, Visibility extra) throws IOException {
        Visibility visibility = extra == Visibility.ALL ? this.visibility : new Visibility() {
            @Override public boolean visible(UserInfo u, dev.canopy.api.ResourceType t, ObjectNode o) {
                return Watcher.this.visibility.visible(u, t, o) && extra.visible(u, t, o);
            }
            @Override public long generation() { return extra.generation(); }
        };
        Shown shown = extra == Visibility.ALL ? null : new Shown(visibility.generation());
        boolean table = Tables.wanted(ctx.header("Accept"));
        boolean bookmarks = "true".equals(ctx.queryParam("allowWatchBookmarks"));
        Duration timeout = timeout(ctx.queryParam("timeoutSeconds"));
        Instant deadline = clock.instant().plus(timeout);
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.header("Cache-Control", "no-cache, private");
        ctx.req().setAttribute("canopy.streaming", Boolean.TRUE);
        OutputStream out = ctx.res().getOutputStream();
        open.incrementAndGet();
        boolean[] first = {true};
        try {
            long start = from;
            if (from == 0) {
                ListResult initial = store.list(opts.page(0, null));
                for (ObjectNode o : initial.items()) {
                    if (visibility.visible(rc.user(), rc.type(), o)) {
                        send(out, "ADDED", o, rc, table, first);
                        if (shown != null) shown.track("ADDED", o);
                    }
                }
                start = initial.revision();
            } else if (shown != null) {
                // resuming: the client holds what it listed; remember what it may see so a revocation can remove it
                for (ObjectNode o : store.list(opts.page(0, null)).items()) {
                    if (visibility.visible(rc.user(), rc.type(), o)) shown.track("ADDED", o);
                }
            }
            ctx.res().flushBuffer();
            try (Watch w = store.watch(opts, start)) {
                Instant lastBookmark = clock.instant();
                while (clock.instant().isBefore(deadline)) {
                    // a filtered watch polls every second so that revoked access is noticed soon
                    WatchEvent e = w.next(shown == null ? BOOKMARK_EVERY : Duration.ofSeconds(1));
                    if (e == null) {
                        if (shown != null) recheck(out, rc, opts, visibility, shown, table, first);
                        if (shown != null && clock.instant().isBefore(lastBookmark.plus(BOOKMARK_EVERY))) continue;
                        lastBookmark = clock.instant();
                        if (bookmarks) bookmark(out, rc, w.revision());
                        else out.flush();
                        continue;
                    }
                    String type = translate(e, rc.user(), rc, visibility);
                    if (type != null) {
                        send(out, type, e.object(), rc, table, first);
                        if (shown != null) shown.track(type, e.object());
                    }
                    if (shown != null) recheck(out, rc, opts, visibility, shown, table, first);
                }
            }
        } catch (ApiException e) {
            ObjectNode ev = Json.object();
            ev.put("type", "ERROR");
            ev.set("object", StatusBodies.failure(e));
            writeLine(out, ev);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            open.decrementAndGet();
        }
    }

    /** The event type the user should see, applying per-object visibility (null = nothing to send). */
    private String translate(WatchEvent e, UserInfo user, RequestContext rc, Visibility visibility) {
        boolean now = e.type() != WatchEvent.Type.DELETED && visibility.visible(user, rc.type(), e.object());
        boolean before = e.previous() != null && visibility.visible(user, rc.type(), e.previous());
        if (e.type() == WatchEvent.Type.DELETED) return before || e.previous() == null && visibility.visible(user, rc.type(), e.object()) ? "DELETED" : null;
        if (now && !before && e.type() == WatchEvent.Type.MODIFIED && e.previous() != null) return "ADDED";
        if (now) return e.type().name();
        return before ? "DELETED" : null;
    }

    /** What a filtered watch has sent and still shows, by namespace/name; one watch thread only. */
    private static final class Shown {
        final java.util.Map<String, ObjectNode> objects = new java.util.HashMap<>();
        long generation;

        Shown(long generation) { this.generation = generation; }

        void track(String type, ObjectNode o) {
            String k = Objects.namespace(o) + "/" + Objects.name(o);
            if (type.equals("DELETED")) objects.remove(k);
            else objects.put(k, o);
        }
    }

    /** After a visibility change: DELETED for what is no longer visible, ADDED for what newly is. */
    private void recheck(OutputStream out, RequestContext rc, ListOptions opts, Visibility visibility, Shown shown, boolean table,
                         boolean[] first) throws IOException {
        long g = visibility.generation();
        if (g == shown.generation) return;
        shown.generation = g;
        for (ObjectNode o : List.copyOf(shown.objects.values())) {
            if (!visibility.visible(rc.user(), rc.type(), o)) {
                send(out, "DELETED", o, rc, table, first);
                shown.track("DELETED", o);
            }
        }
        for (ObjectNode o : store.list(opts.page(0, null)).items()) {
            if (!shown.objects.containsKey(Objects.namespace(o) + "/" + Objects.name(o)) && visibility.visible(rc.user(), rc.type(), o)) {
                send(out, "ADDED", o, rc, table, first);
                shown.track("ADDED", o);
            }
        }
    }

    private void send(OutputStream out, String type, ObjectNode stored, RequestContext rc, boolean table, boolean[] first) throws IOException {
        ObjectNode served = Responses.served(stored, rc.type());
        ObjectNode ev = Json.object();
        ev.put("type", type);
        if (table) {
            ev.set("object", Tables.table(rc.type(), List.of(served), Objects.resourceVersion(stored), null, null, first[0], null, clock.instant()));
            first[0] = false;
        } else {
            ev.set("object", served);
        }
        writeLine(out, ev);
    }

    private void bookmark(OutputStream out, RequestContext rc, long revision) throws IOException {
        ObjectNode ev = Json.object();
        ev.put("type", "BOOKMARK");
        ObjectNode o = ev.putObject("object");
        o.put("kind", rc.type().kind()).put("apiVersion", rc.type().apiVersion());
        o.putObject("metadata").put("resourceVersion", Long.toString(revision));
        writeLine(out, ev);
    }

    private static void writeLine(OutputStream out, ObjectNode ev) throws IOException {
        out.write(Json.writeBytes(ev));
        out.write('\n');
        out.flush();
    }

    private static Duration timeout(String s) {
        if (s == null || s.isEmpty()) return DEFAULT_TIMEOUT;
        try {
            long v = Long.parseLong(s);
            if (v < 0) throw new NumberFormatException();
            return v == 0 ? DEFAULT_TIMEOUT : Duration.ofSeconds(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("timeoutSeconds: Invalid value: \"" + s + "\": must be a non-negative integer");
        }
    }
}
