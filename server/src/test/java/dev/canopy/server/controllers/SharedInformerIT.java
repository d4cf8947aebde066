package dev.canopy.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.StoreOptions;
import dev.canopy.store.postgres.PostgresStore;
import dev.canopy.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One informer per resource serves every handler: each sees every change once and in order, a late one is
 * replayed what is cached first, a filtered one sees label transitions as adds and removes, and the cached
 * objects are shared read-only copies without managedFields.
 */
class SharedInformerIT {
    static final String CM = "core/configmaps";
    PostgresStore store;
    SharedInformers informers;

    @BeforeEach
    void start() {
        store = PostgresStore.open(TestPostgres.newDatabase(), StoreOptions.defaults());
        informers = new SharedInformers(store);
    }

    @AfterEach
    void stop() {
        informers.close();
        store.close();
    }

    static ObjectNode cm(String ns, String name, String labels) {
        return (ObjectNode) Json.parseYaml(("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s, namespace: %s, labels: {%s}, managedFields: [{manager: test, operation: Update}]}
                data: {a: '1'}
                """.formatted(name, ns, labels)).getBytes(StandardCharsets.UTF_8));
    }

    /** Records what a handler is told, as "upsert ns/name" / "remove ns/name" / "synced". */
    static final class Recorder implements SharedInformer.Handler {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override public void upsert(ObjectNode o) { seen.add("upsert " + Objects.namespace(o) + "/" + Objects.name(o)); }

        @Override public void remove(ObjectNode o) { seen.add("remove " + Objects.namespace(o) + "/" + Objects.name(o)); }

        @Override public void synced() { seen.add("synced"); }
    }

    @Test
    void everyHandlerSeesEveryChangeAndALateOneIsReplayedFirst() throws Exception {
        store.create(new ResourceKey(CM, "b", "one"), cm("b", "one", ""));
        store.create(new ResourceKey(CM, "a", "two"), cm("a", "two", ""));
        Recorder first = new Recorder();
        informers.subscribe(CM, first, Duration.ofSeconds(10));
        assertThat(first.seen).containsExactly("upsert a/two", "upsert b/one", "synced");

        store.create(new ResourceKey(CM, "a", "three"), cm("a", "three", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.seen.size() == 4);
        Recorder late = new Recorder();
        informers.informer(CM).addHandler(late);
        assertThat(late.seen).as("the cache in the store's order, then synced").containsExactly("upsert a/three", "upsert a/two", "upsert b/one", "synced");

        store.delete(new ResourceKey(CM, "b", "one"), null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> late.seen.contains("remove b/one") && first.seen.contains("remove b/one"));
        assertThat(first.seen).containsExactly("upsert a/two", "upsert b/one", "synced", "upsert a/three", "remove b/one");
        assertThat(informers.informer(CM).list()).extracting(Objects::name).containsExactly("three", "two");
    }

    @Test
    void cachedObjectsAreSharedReadOnlyAndWithoutManagedFields() throws Exception {
        store.create(new ResourceKey(CM, "a", "one"), cm("a", "one", ""));
        informers.subscribe(CM, new Recorder(), Duration.ofSeconds(10));
        ObjectNode cached = informers.informer(CM).get("a", "one").orElseThrow();
        assertThat(cached.path("data").path("a").asText()).isEqualTo("1");
        assertThat(cached.path("metadata").has("managedFields")).isFalse();
        assertThat(store.get(new ResourceKey(CM, "a", "one")).orElseThrow().path("metadata").has("managedFields")).as("the store keeps them").isTrue();
        assertThatThrownBy(() -> cached.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(informers.informer(CM)).as("one informer per resource").isSameAs(informers.informer(CM));
    }

    @Test
    void aFilteredHandlerSeesLabelTransitionsAsAddsAndRemoves() throws Exception {
        Recorder labelled = new Recorder();
        informers.subscribe(CM, SharedInformer.Handler.filtered(o -> Objects.labels(o).containsKey("pick"), labelled), Duration.ofSeconds(10));
        ResourceKey k = new ResourceKey(CM, "a", "one");
        store.create(k, cm("a", "one", ""));
        store.create(new ResourceKey(CM, "a", "marker"), cm("a", "marker", "pick: 'yes'"));
        await().atMost(Duration.ofSeconds(10)).until(() -> labelled.seen.contains("upsert a/marker"));
        assertThat(labelled.seen).containsExactly("synced", "upsert a/marker");

        ObjectNode o = store.get(k).orElseThrow();
        ((ObjectNode) o.get("metadata")).putObject("labels").put("pick", "yes");
        store.update(k, o, dev.canopy.store.ResourceStore.UpdateOptions.MAIN_NO_STATUS);
        o = store.get(k).orElseThrow();
        ((ObjectNode) o.get("metadata")).remove("labels");
        store.update(k, o, dev.canopy.store.ResourceStore.UpdateOptions.MAIN_NO_STATUS);
        store.delete(k, null, null);
        store.delete(new ResourceKey(CM, "a", "marker"), null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> labelled.seen.contains("remove a/marker"));
        assertThat(labelled.seen).containsExactly("synced", "upsert a/marker", "upsert a/one", "remove a/one", "remove a/marker");
    }

    @Test
    void aClosedRegistrationHearsNothingMore() throws Exception {
        Recorder r = new Recorder();
        SharedInformer.Registration reg = informers.subscribe(CM, r, Duration.ofSeconds(10));
        reg.close();
        Recorder other = new Recorder();
        informers.subscribe(CM, other, Duration.ofSeconds(10));
        store.create(new ResourceKey(CM, "a", "one"), cm("a", "one", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> other.seen.contains("upsert a/one"));
        assertThat(r.seen).containsExactly("synced");
    }

    @Test
    void keysSortByNamespaceThenName() {
        // "a" < "a-b" as namespaces, although "a/" > "a-" as text
        assertThat(SharedInformer.key("a", "x")).isLessThan(SharedInformer.key("a-b", "y"));
        assertThat(SharedInformer.key(null, "x")).isLessThan(SharedInformer.key("a", "a"));
    }
}
