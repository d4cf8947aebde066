package dev.canopy.server.controllers;

import dev.canopy.store.ResourceStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SharedInformer} per resource for a whole seed (client-go's shared informer factory): every
 * controller and cache asks here instead of running its own list-and-watch and keeping its own copies. At
 * 100,000 Spaces the seed used to run five informers on namespaces and three on RoleBindings, each with its own
 * watch and key set, and the fleet hub kept a parsed copy of each object on top. An informer starts when first
 * asked for and stops when the factory closes. Thread-safe.
 */
public final class SharedInformers implements AutoCloseable {
    private final ResourceStore store;
    private final Map<String, SharedInformer> informers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SharedInformers(ResourceStore store) { this.store = store; }

    /** The informer of {@code resource} (e.g. {@code core/namespaces}), started on first use. */
    public SharedInformer informer(String resource) {
        if (closed) throw new IllegalStateException("shared informers are closed");
        return informers.computeIfAbsent(resource, r -> new SharedInformer(store, r).start());
    }

    /**
     * Adds {@code handler} to the informer of {@code resource} and waits until that informer has listed.
     *
     * @throws IllegalStateException when it has not listed within {@code timeout}
     */
    public SharedInformer.Registration subscribe(String resource, SharedInformer.Handler handler, Duration timeout) throws InterruptedException {
        SharedInformer i = informer(resource);
        SharedInformer.Registration r = i.addHandler(handler);
        if (!i.awaitSynced(timeout)) {
            r.close();
            throw new IllegalStateException("informer " + resource + " did not sync within " + timeout);
        }
        return r;
    }

    @Override
    public void close() {
        closed = true;
        informers.values().forEach(SharedInformer::close);
    }
}
