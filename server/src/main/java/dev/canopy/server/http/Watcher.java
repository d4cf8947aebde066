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
                    if (visibility.visible(rc.user(), rc.type(), o)) send(out, "ADDED", o, rc, table, first);
                }
                start = initial.revision();
            }
            ctx.res().flushBuffer();
            try (Watch w = store.watch(opts, start)) {
                while (clock.instant().isBefore(deadline)) {
                    WatchEvent e = w.next(BOOKMARK_EVERY);
                    if (e == null) {
                        if (bookmarks) bookmark(out, rc, w.revision());
                        else out.flush();
                        continue;
                    }
                    String type = translate(e, rc.user(), rc);
                    if (type != null) send(out, type, e.object(), rc, table, first);
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
    private String translate(WatchEvent e, UserInfo user, RequestContext rc) {
        boolean now = e.type() != WatchEvent.Type.DELETED && visibility.visible(user, rc.type(), e.object());
        boolean before = e.previous() != null && visibility.visible(user, rc.type(), e.previous());
        if (e.type() == WatchEvent.Type.DELETED) return before || e.previous() == null && visibility.visible(user, rc.type(), e.object()) ? "DELETED" : null;
        if (now && !before && e.type() == WatchEvent.Type.MODIFIED && e.previous() != null) return "ADDED";
        if (now) return e.type().name();
        return before ? "DELETED" : null;
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
