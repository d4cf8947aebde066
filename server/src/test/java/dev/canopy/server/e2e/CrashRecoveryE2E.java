package dev.canopy.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the seed during a stream of writes, start it again: every acknowledged write is there, no refused
 * write is, and a watcher resuming from its last resourceVersion sees every event once, in order.
 */
class CrashRecoveryE2E {
    @TempDir
    Path dir;

    record Seen(String type, String name, long rv) {}

    @Test
    void acknowledgedWritesSurviveSigkillAndWatchResumesExactlyOnce() throws Exception {
        int port = SeedProcess.freePort();
        Path data = dir.resolve("data");
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        List<Seen> events = new CopyOnWriteArrayList<>();
        long lastRv;
        try (SeedProcess seed = new SeedProcess(data, port).start(); KubernetesClient c = seed.client()) {
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("crash").endMetadata().build()).create();
            var watch = c.configMaps().inNamespace("crash").watch(recorder(events));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger seq = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        int i = seq.incrementAndGet();
                        // every 7th write is invalid (a capital letter in the name): the server must refuse it
                        String name = i % 7 == 0 ? "Bad-" + i : "cm-" + i;
                        try {
                            c.configMaps().inNamespace("crash").resource(cm(name)).create();
                            acked.add(name);
                        } catch (KubernetesClientException e) {
                            if (e.getCode() == 422) refused.add(name);
                            if (e.getCode() == 0 || e.getCode() >= 500) return; // the server died mid-request: outcome unknown
                        }
                    }
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 150);
            seed.kill();
            stop.set(true);
            for (Thread w : writers) w.join(Duration.ofSeconds(30));
            watch.close();
        }
        assertThat(refused).isNotEmpty();
        lastRv = events.isEmpty() ? 0 : events.get(events.size() - 1).rv();

        try (SeedProcess seed = new SeedProcess(data, port).start(); KubernetesClient c = seed.client()) {
            Map<String, ConfigMap> present = new ConcurrentHashMap<>();
            c.configMaps().inNamespace("crash").list().getItems().forEach(m -> present.put(m.getMetadata().getName(), m));
            assertThat(present.keySet()).containsAll(acked);
            assertThat(present.keySet()).doesNotContainAnyElementsOf(refused);

            var resumed = c.configMaps().inNamespace("crash").withResourceVersion(Long.toString(lastRv)).watch(recorder(events));
            c.configMaps().inNamespace("crash").resource(cm("after-restart")).create();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> e.name().equals("after-restart")));
            resumed.close();

            List<Seen> added = events.stream().filter(e -> e.type().equals("ADDED")).toList();
            assertThat(added).extracting(Seen::name).doesNotHaveDuplicates();
            assertThat(added.stream().map(Seen::name).toList()).containsAll(present.keySet());
            List<Long> rvs = events.stream().map(Seen::rv).toList();
            assertThat(rvs).isSorted();
            assertThat(rvs).doesNotHaveDuplicates();
        }
    }

    private static ConfigMap cm(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(Map.of("k", name)).build();
    }

    private static Watcher<ConfigMap> recorder(List<Seen> events) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap m) {
                events.add(new Seen(action.name(), m.getMetadata().getName(), Long.parseLong(m.getMetadata().getResourceVersion())));
            }

            @Override
            public void onClose(WatcherException cause) { }
        };
    }
}
