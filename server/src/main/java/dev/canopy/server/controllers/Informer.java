package dev.canopy.server.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ListResult;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.Watch;
import dev.canopy.store.WatchEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a handler in step with one resource: lists it, then watches from the list's revision, and relists
 * after a 410 Gone or an error (telling the handler about objects that vanished meanwhile). Like client-go's
 * informer, without the cache. The handler is called from one virtual thread, in revision order.
 */
public final class Informer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Informer.class);

    /** Receives the state of the watched objects. Called from the informer's single thread. */
    public interface Handler {
        void upsert(ObjectNode object);

        void remove(ObjectNode object);

        /** After the first full list was delivered. */
        default void synced() {}
    }

    private final ResourceStore store;
    private final ListOptions options;
    private final Handler handler;
    private final String name;
    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile boolean closed;
    private Thread thread;

    public Informer(ResourceStore store, ListOptions options, Handler handler, String name) {
        this.store = store;
        this.options = options;
        this.handler = handler;
        this.name = name;
    }

    public Informer start() {
        thread = Thread.ofVirtual().name("informer-" + name).start(this::run);
        return this;
    }

    public boolean hasSynced() { return synced.getCount() == 0; }

    public boolean awaitSynced(Duration d) throws InterruptedException { return synced.await(d.toMillis(), TimeUnit.MILLISECONDS); }

    private void run() {
        Set<String> known = new HashSet<>();
        while (!closed) {
            try {
                ListResult list = store.list(options.page(0, null));
                Set<String> now = new HashSet<>();
                for (ObjectNode o : list.items()) {
                    now.add(key(o));
                    handler.upsert(o);
                }
                for (String k : known) {
                    if (!now.contains(k)) handler.remove(tombstone(k));
                }
                known = now;
                if (synced.getCount() > 0) {
                    synced.countDown();
                    handler.synced();
                }
                try (Watch w = store.watch(options, list.revision())) {
                    while (!closed) {
                        WatchEvent e = w.next(Duration.ofSeconds(1));
                        if (e == null) continue;
                        if (e.type() == WatchEvent.Type.DELETED) {
                            known.remove(key(e.object()));
                            handler.remove(e.object());
                        } else {
                            known.add(key(e.object()));
                            handler.upsert(e.object());
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (ApiException e) {
                if (closed) return;
                if (e.code() != 410) LOG.warn("informer {}: {}; relisting", name, e.getMessage());
            } catch (RuntimeException e) {
                if (closed) return;
                LOG.warn("informer {} failed; relisting in 1s", name, e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static String key(ObjectNode o) { return Objects.namespace(o) + "/" + Objects.name(o); }

    private static ObjectNode tombstone(String key) {
        ObjectNode o = dev.canopy.api.Json.object();
        int slash = key.indexOf('/');
        ObjectNode m = o.putObject("metadata");
        if (slash > 0) m.put("namespace", key.substring(0, slash));
        m.put("name", key.substring(slash + 1));
        return o;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
    }
}
