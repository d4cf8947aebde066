package dev.canopy.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-key work queue: coalescing, backoff on failure, requeue on request, resync. */
class WorkQueueTest {

    @Test
    void keysAddedWhileWaitingAreCoalesced() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WorkQueue<String> q = new WorkQueue<>("t", k -> { gate.await(); seen.add(k); return null; }, Duration.ofMillis(10), Duration.ofMillis(50))) {
            q.start(null, null);
            q.add("first");
            await().atMost(Duration.ofSeconds(5)).until(() -> q.size() == 0);   // "first" is being processed, blocked
            for (int i = 0; i < 100; i++) { q.add("a"); q.add("b"); }
            assertThat(q.size()).isEqualTo(2);
            gate.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
            assertThat(seen).containsExactly("first", "a", "b");
        }
    }

    @Test
    void aFailingKeyIsRetriedWithBackoffWithoutStallingOthers() {
        AtomicInteger attempts = new AtomicInteger();
        List<String> done = new CopyOnWriteArrayList<>();
        try (WorkQueue<String> q = new WorkQueue<>("t", k -> {
            if (k.equals("bad") && attempts.incrementAndGet() < 3) throw new IllegalStateException("not yet");
            done.add(k);
            return null;
        }, Duration.ofMillis(5), Duration.ofMillis(20))) {
            q.start(null, null);
            q.add("bad");
            q.add("good");
            await().atMost(Duration.ofSeconds(5)).until(() -> done.contains("bad"));
            assertThat(done).containsExactly("good", "bad");
            assertThat(attempts.get()).isEqualTo(3);
        }
    }

    @Test
    void deferredAddsWithinTheDelayMakeOneReconcile() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WorkQueue<String> q = new WorkQueue<>("t", k -> { seen.add(k); return null; }, Duration.ofMillis(10), Duration.ofMillis(50))) {
            q.start(null, null);
            for (int i = 0; i < 50; i++) q.addDeferred("parent", Duration.ofMillis(300));
            q.add("child");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("parent"));
            assertThat(seen).containsExactly("child", "parent");   // the immediate key first, the 50 deferred as one
            q.addDeferred("parent", Duration.ofMillis(1));         // once it ran, a new deferral runs again
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
            assertThat(seen).containsExactly("child", "parent", "parent");
        }
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        try (WorkQueue<String> q = new WorkQueue<>("t", k -> null, Duration.ofMillis(100), Duration.ofSeconds(1))) {
            assertThat(q.backoff(1)).isEqualTo(Duration.ofMillis(100));
            assertThat(q.backoff(2)).isEqualTo(Duration.ofMillis(200));
            assertThat(q.backoff(4)).isEqualTo(Duration.ofMillis(800));
            assertThat(q.backoff(50)).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void requeueAfterAndResyncBringKeysBack() {
        ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (WorkQueue<String> q = new WorkQueue<>("t", k -> {
            int n = runs.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
            return k.equals("poll") && n < 3 ? Duration.ofMillis(5) : null;
        }, Duration.ofMillis(5), Duration.ofMillis(20))) {
            q.start(() -> List.of("resynced"), Duration.ofMillis(10));
            q.add("poll");
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.containsKey("poll") && runs.get("poll").get() == 3
                    && runs.containsKey("resynced") && runs.get("resynced").get() >= 2);
        }
    }
}
