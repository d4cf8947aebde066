package dev.canopy.cli.bench;

import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills the store with the preloaded ConfigMaps through the store's batch path: {@value #WORKERS} virtual
 * threads call {@link ResourceStore#create} at once, so the store's single writer group-commits up to a
 * full batch of them per transaction (one prefetch, one insert statement, one COMMIT per batch). The API
 * is not involved: the preload only sets the scene.
 */
public final class Preloader {
    static final int WORKERS = 256;

    private Preloader() {}

    /** Stores objects {@code 0 .. objects-1} of {@code objects}, printing progress every ~10%. */
    public static void load(ResourceStore store, BenchObjects objects, PrintWriter progress) throws InterruptedException {
        int n = objects.objects();
        AtomicLong next = new AtomicLong(), done = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long step = Math.max(1, n / 10);
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < WORKERS; t++) {
            threads.add(Thread.ofVirtual().name("bench-preload-" + t).start(() -> {
                for (long i; (i = next.getAndIncrement()) < n && failure.get() == null; ) {
                    try {
                        store.create(new ResourceKey("core/configmaps", BenchObjects.namespace(i), BenchObjects.name(i)), objects.preloaded(i));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    long total = done.incrementAndGet();
                    if (total % step == 0 || total == n) {
                        double s = (System.nanoTime() - start) / 1e9;
                        synchronized (progress) {
                            progress.printf(Locale.ROOT, "preload: %,d / %,d objects (%.0f/s)%n", total, n, total / s);
                            progress.flush();
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw failure.get();
    }
}
