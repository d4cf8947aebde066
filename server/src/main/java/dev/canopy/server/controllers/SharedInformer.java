package dev.canopy.server.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FrozenJson;
import dev.canopy.api.Objects;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ListResult;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.Watch;
import dev.canopy.store.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every object of one resource in memory and tells its handlers about changes, like client-go's shared
 * informer: ONE list-and-watch and ONE copy of the objects per resource, however many controllers and caches
 * follow it ({@link SharedInformers} hands them out). Lists, then watches from the list's revision, and relists
 * after a 410 Gone or an error (telling the handlers about objects that vanished meanwhile).
 *
 * <p>The objects are {@link FrozenJson frozen} (compact, read-only, without {@code managedFields}): handlers and
 * readers share them and must copy ({@code deepCopy()}) before changing anything.
 *
 * <p>Threading: one virtual thread applies each change to the cache and then calls every handler, in revision
 * order, holding a lock; a handler added later is first replayed the cached objects under the same lock, so it
 * misses nothing and sees nothing twice. Handlers must be quick (queue work elsewhere) and must not wait for
 * another informer. {@link #get}/{@link #list} are lock-free.
 */
public final class SharedInformer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedInformer.class);
    static final int LIST_PAGE = 1000;

    /** Receives the state of the watched objects. Called on the informer's thread (or, replaying, the adder's). */
    public interface Handler {
        void upsert(ObjectNode object);

        /** With the state the cache held before ({@code before} null for a new object); by default {@link #upsert(ObjectNode)}. */
        default void upsert(ObjectNode before, ObjectNode object) { upsert(object); }

        /** The object's last known state (the cache's, for one that vanished while relisting). */
        void remove(ObjectNode object);

        /** After the first full list was delivered (at once, when added to an informer that has listed). */
        default void synced() {}

        /**
         * Only the objects matching {@code filter}, as a watch with a label selector sees them: an object that stops
         * matching is removed, one that starts matching is added.
         */
        static Handler filtered(Predicate<ObjectNode> filter, Handler h) {
            return new Handler() {
                @Override public void upsert(ObjectNode object) { upsert(null, object); }

                @Override
                public void upsert(ObjectNode before, ObjectNode object) {
                    boolean was = before != null && filter.test(before);
                    if (filter.test(object)) h.upsert(was ? before : null, object);
                    else if (was) h.remove(object);
                }

                @Override public void remove(ObjectNode object) { if (filter.test(object)) h.remove(object); }

                @Override public void synced() { h.synced(); }
            };
        }
    }

    private final ResourceStore store;
    private final String resource;
    /** Namespace NUL name → frozen object; NUL sorts first, so keys sort like (namespace, name), the store's list order. */
    private final ConcurrentSkipListMap<String, ObjectNode> objects = new ConcurrentSkipListMap<>();
    private final List<Handler> handlers = new CopyOnWriteArrayList<>();
    /** Held while a change is applied and dispatched, and while a handler joins. */
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile boolean closed;
    private Thread thread;

    SharedInformer(ResourceStore store, String resource) {
        this.store = store;
        this.resource = resource;
    }

    SharedInformer start() {
        thread = Thread.ofVirtual().name("informer-" + resource).start(this::run);
        return this;
    }

    public String resource() { return resource; }

    /**
     * Adds a handler: it is replayed every cached object (and {@code synced()} when the informer has listed), then
     * follows the changes. Closing the returned registration removes it.
     */
    public Registration addHandler(Handler h) {
        lock.lock();
        try {
            for (ObjectNode o : objects.values()) call(h, () -> h.upsert(null, o));
            handlers.add(h);
            if (hasSynced()) call(h, h::synced);
        } finally {
            lock.unlock();
        }
        return () -> handlers.remove(h);
    }

    /** A handler's subscription; closing it stops the calls. */
    public interface Registration extends AutoCloseable {
        @Override void close();
    }

    public boolean hasSynced() { return synced.getCount() == 0; }

    public boolean awaitSynced(Duration d) throws InterruptedException { return synced.await(d.toMillis(), TimeUnit.MILLISECONDS); }

    /** The cached object (frozen: do not modify), if any. */
    public Optional<ObjectNode> get(String namespace, String name) { return Optional.ofNullable(objects.get(key(namespace, name))); }

    /** Every cached object in the store's list order (namespace, then name); a new list of shared, frozen objects. */
    public List<ObjectNode> list() { return new ArrayList<>(objects.values()); }

    /** The cached objects in one namespace ("" for cluster-scoped ones), by name; a new list of shared, frozen objects. */
    public List<ObjectNode> list(String namespace) {
        String ns = namespace == null ? "" : namespace;
        // keys are namespace NUL name: the namespace's objects are the keys from "ns\0" up to "ns\1"
        return new ArrayList<>(objects.subMap(ns + '\0', ns + '\1').values());
    }

    public int size() { return objects.size(); }

    private void run() {
        while (!closed) {
            try {
                // in pages, so that a relist of 100,000 objects never holds them all parsed at once (only frozen)
                List<ObjectNode> items = new ArrayList<>();
                ListResult page = null;
                do {
                    page = store.list(ListOptions.all(resource).page(LIST_PAGE, page == null ? null : page.continueToken()));
                    for (ObjectNode o : page.items()) items.add(FrozenJson.freezeWithoutManagedFields(o));
                } while (page.continueToken() != null);
                relisted(items);
                try (Watch w = store.watch(ListOptions.all(resource), page.revision())) {
                    while (!closed) {
                        WatchEvent e = w.next(Duration.ofSeconds(1));
                        if (e == null) continue;
                        ObjectNode o = FrozenJson.freezeWithoutManagedFields(e.object());
                        lock.lock();
                        try {
                            if (e.type() == WatchEvent.Type.DELETED) removed(key(o), o);
                            else upserted(o);
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (ApiException e) {
                if (closed) return;
                if (e.code() != 410) LOG.warn("informer {}: {}; relisting", resource, e.getMessage());
            } catch (RuntimeException e) {
                if (closed) return;
                LOG.warn("informer {} failed; relisting in 1s", resource, e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void relisted(List<ObjectNode> items) {
        lock.lock();
        try {
            Set<String> now = new HashSet<>();
            for (ObjectNode o : items) now.add(upserted(o));
            for (var e : new ArrayList<>(objects.entrySet())) if (!now.contains(e.getKey())) removed(e.getKey(), e.getValue());
            if (synced.getCount() > 0) {
                for (Handler h : handlers) call(h, h::synced);
                synced.countDown();   // after the handlers heard it: awaitSynced means they have
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the object's key */
    private String upserted(ObjectNode o) {
        String k = key(o);
        ObjectNode before = objects.put(k, o);
        for (Handler h : handlers) call(h, () -> h.upsert(before, o));
        return k;
    }

    private void removed(String k, ObjectNode last) {
        objects.remove(k);
        for (Handler h : handlers) call(h, () -> h.remove(last));
    }

    /** One handler's failure must not cost the others their events (nor the informer its place in the watch). */
    private void call(Handler h, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("informer {}: a handler failed", resource, e);
        }
    }

    static String key(ObjectNode o) { return key(Objects.namespace(o), Objects.name(o)); }

    static String key(String namespace, String name) { return (namespace == null ? "" : namespace) + '\0' + name; }

    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
    }
}
