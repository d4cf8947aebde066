package dev.canopy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.selector.FieldSelector;
import dev.canopy.api.selector.LabelSelector;
import dev.canopy.store.ResourceStore.Subresource;
import dev.canopy.store.ResourceStore.UpdateOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ResourceStore} must have; a subclass supplies a fresh, empty store per test. */
public abstract class ResourceStoreContract extends ResourceStoreFixture {

    // ---- create / get ----

    @Test
    void createFillsSystemMetadata() {
        long before = store.revision();
        ObjectNode o = create("prod", "web", Map.of());
        assertThat(UUID.fromString(Objects.uid(o))).isNotNull();
        assertThat(Objects.text(o, "metadata.creationTimestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Objects.at(o, "metadata.generation").asLong()).isEqualTo(1);
        assertThat(Objects.namespace(o)).isEqualTo("prod");
        assertThat(Long.parseLong(Objects.resourceVersion(o))).isEqualTo(before + 1).isEqualTo(store.revision());
        assertThat(store.get(key("prod", "web"))).contains(o);
        assertThat(store.get(key("prod", "absent"))).isEmpty();
    }

    @Test
    void clusterScopedObjectsHaveNoNamespace() {
        ObjectNode o = store.create(ResourceKey.cluster("tenancy.canopy.dev/tenants", "root"), cm("root", Map.of()));
        assertThat(o.path("metadata").has("namespace")).isFalse();
        ApiException e = apiError(() -> store.create(ResourceKey.cluster("tenancy.canopy.dev/tenants", "root"), cm("root", Map.of())));
        assertThat(e.code()).isEqualTo(409);
        assertThat(e.getMessage()).isEqualTo("tenants.tenancy.canopy.dev \"root\" already exists");
    }

    @Test
    void generateNameAddsARandomSuffix() {
        ObjectNode req = cm("", Map.of());
        ((ObjectNode) req.get("metadata")).remove("name");
        ((ObjectNode) req.get("metadata")).put("generateName", "job-");
        ObjectNode a = store.create(key("ns", ""), req);
        ObjectNode b = store.create(key("ns", ""), req);
        assertThat(Objects.name(a)).matches("job-[a-z0-9]{5}");
        assertThat(Objects.name(a)).isNotEqualTo(Objects.name(b));
        assertThat(store.get(key("ns", Objects.name(a)))).isPresent();
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        create("ns", "a", Map.of());
        ApiException e = apiError(() -> create("ns", "a", Map.of()));
        assertThat(e.code()).isEqualTo(409);
        assertThat(e.reason()).isEqualTo("AlreadyExists");
        assertThat(e.getMessage()).isEqualTo("configmaps \"a\" already exists");
    }

    @Test
    void concurrentCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
        var pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<ObjectNode>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) fs.add(pool.submit(() -> create("ns", "race", Map.of())));
            int won = 0;
            int conflicts = 0;
            for (var f : fs) {
                try {
                    f.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(ApiException.class, a -> assertThat(a.code()).isEqualTo(409));
                    conflicts++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(conflicts).isEqualTo(15);
        } finally {
            pool.shutdown();
        }
    }

    // ---- update ----

    @Test
    void staleResourceVersionIsAConflict() {
        ObjectNode v1 = create("ns", "a", Map.of());
        ObjectNode edit = v1.deepCopy();
        ((ObjectNode) edit.get("data")).put("k", "v2");
        store.update(key("ns", "a"), edit, UpdateOptions.MAIN_NO_STATUS);
        ((ObjectNode) v1.get("data")).put("k", "v3");
        ApiException e = apiError(() -> store.update(key("ns", "a"), v1, UpdateOptions.MAIN_NO_STATUS));
        assertThat(e.code()).isEqualTo(409);
        assertThat(e.reason()).isEqualTo("Conflict");
        assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"a\": the object has been modified; "
                + "please apply your changes to the latest version and try again");
        assertThat(store.get(key("ns", "a")).orElseThrow().path("data").path("k").asText()).isEqualTo("v2");
    }

    @Test
    void updateOfAMissingObjectIsNotFound() {
        ApiException e = apiError(() -> store.update(key("ns", "nope"), cm("nope", Map.of()), UpdateOptions.MAIN_NO_STATUS));
        assertThat(e.code()).isEqualTo(404);
        assertThat(e.getMessage()).isEqualTo("configmaps \"nope\" not found");
    }

    @Test
    void updateWithoutResourceVersionIsUnconditionalAndKeepsSystemFields() {
        ObjectNode v1 = create("ns", "a", Map.of());
        ObjectNode edit = cm("a", Map.of("x", "y"));
        ((ObjectNode) edit.get("metadata")).put("uid", "forged").put("creationTimestamp", "2000-01-01T00:00:00Z");
        ObjectNode v2 = store.update(key("ns", "a"), edit, UpdateOptions.MAIN_NO_STATUS);
        assertThat(Objects.uid(v2)).isEqualTo(Objects.uid(v1));
        assertThat(Objects.text(v2, "metadata.creationTimestamp")).isEqualTo(Objects.text(v1, "metadata.creationTimestamp"));
        assertThat(Objects.labels(v2)).containsEntry("x", "y");
        assertThat(Long.parseLong(Objects.resourceVersion(v2))).isGreaterThan(Long.parseLong(Objects.resourceVersion(v1)));
    }

    @Test
    void generationCountsSpecChangesOnly() {
        ObjectNode o = create("ns", "a", Map.of());
        o = withLabel(o, "l", "1");
        o = store.update(key("ns", "a"), o, UpdateOptions.MAIN_NO_STATUS);
        assertThat(o.path("metadata").path("generation").asLong()).isEqualTo(1);
        o.putObject("status").put("phase", "Ready");
        o = store.update(key("ns", "a"), o, UpdateOptions.MAIN_NO_STATUS);
        assertThat(o.path("metadata").path("generation").asLong()).isEqualTo(1);
        ((ObjectNode) o.get("data")).put("k", "changed");
        o = store.update(key("ns", "a"), o, UpdateOptions.MAIN_NO_STATUS);
        assertThat(o.path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    @Test
    void anUpdateThatChangesNothingWritesNothing() {
        ObjectNode o = create("ns", "a", Map.of());
        long rev = store.revision();
        ObjectNode same = store.update(key("ns", "a"), o, UpdateOptions.MAIN_NO_STATUS);
        assertThat(store.revision()).isEqualTo(rev);
        assertThat(same).isEqualTo(o);
    }

    @Test
    void statusSubresourceSeparatesSpecAndStatus() {
        ObjectNode o = create("ns", "a", Map.of());
        UpdateOptions main = new UpdateOptions(Subresource.MAIN, true);
        UpdateOptions status = new UpdateOptions(Subresource.STATUS, true);
        ObjectNode s = o.deepCopy();
        s.putObject("status").put("phase", "Ready");
        ((ObjectNode) s.get("data")).put("k", "ignored");
        s = store.update(key("ns", "a"), s, status);
        assertThat(s.path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(s.path("data").path("k").asText()).isEqualTo("v");
        assertThat(s.path("metadata").path("generation").asLong()).isEqualTo(1);

        ObjectNode m = s.deepCopy();
        m.putObject("status").put("phase", "Forged");
        ((ObjectNode) m.get("data")).put("k", "new");
        m = store.update(key("ns", "a"), m, main);
        assertThat(m.path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(m.path("data").path("k").asText()).isEqualTo("new");
        assertThat(m.path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    // ---- delete, finalizers ----

    @Test
    void deleteRemovesAndReturnsTheLastState() {
        create("ns", "a", Map.of());
        ObjectNode last = store.delete(key("ns", "a"), null, null);
        assertThat(Objects.name(last)).isEqualTo("a");
        assertThat(store.get(key("ns", "a"))).isEmpty();
        assertThat(apiError(() -> store.delete(key("ns", "a"), null, null)).code()).isEqualTo(404);
    }

    @Test
    void deletePreconditionsAreChecked() {
        ObjectNode o = create("ns", "a", Map.of());
        assertThat(apiError(() -> store.delete(key("ns", "a"), UUID.randomUUID().toString(), null)).code()).isEqualTo(409);
        assertThat(apiError(() -> store.delete(key("ns", "a"), null, "1" + Objects.resourceVersion(o))).code()).isEqualTo(409);
        store.delete(key("ns", "a"), Objects.uid(o), Objects.resourceVersion(o));
        assertThat(store.get(key("ns", "a"))).isEmpty();
    }

    @Test
    void finalizersHoldDeletionUntilTheLastIsRemoved() {
        ObjectNode req = cm("a", Map.of());
        ((ObjectNode) req.get("metadata")).putArray("finalizers").add("x").add("y");
        store.create(key("ns", "a"), req);
        ObjectNode deleting = store.delete(key("ns", "a"), null, null);
        String ts = Objects.text(deleting, "metadata.deletionTimestamp");
        assertThat(ts).isNotEmpty();
        assertThat(deleting.path("metadata").path("deletionGracePeriodSeconds").asInt(-1)).isZero();
        long rev = store.revision();
        assertThat(Objects.text(store.delete(key("ns", "a"), null, null), "metadata.deletionTimestamp")).isEqualTo(ts);
        assertThat(store.revision()).as("a second delete changes nothing").isEqualTo(rev);

        ObjectNode unset = deleting.deepCopy();
        ((ObjectNode) unset.get("metadata")).remove("deletionTimestamp");
        ((ObjectNode) unset.get("metadata")).putArray("finalizers").add("y");
        ObjectNode kept = store.update(key("ns", "a"), unset, UpdateOptions.MAIN_NO_STATUS);
        assertThat(Objects.text(kept, "metadata.deletionTimestamp")).as("cannot be unset").isEqualTo(ts);
        assertThat(Objects.finalizers(kept)).containsExactly("y");

        ((ObjectNode) kept.get("metadata")).putArray("finalizers");
        store.update(key("ns", "a"), kept, UpdateOptions.MAIN_NO_STATUS);
        assertThat(store.get(key("ns", "a"))).isEmpty();
    }

    // ---- garbage collection ----

    @Test
    void dependentsOfARemovedOwnerAreCollected() {
        ObjectNode owner = create("ns", "owner", Map.of());
        ObjectNode other = create("ns", "other", Map.of());
        ownedBy("child", owner);
        ownedBy("grandchild", store.get(key("ns", "child")).orElseThrow());
        ownedBy("shared", owner, other);
        ObjectNode fin = cm("held", Map.of());
        ((ObjectNode) fin.get("metadata")).putArray("finalizers").add("keep");
        ((ObjectNode) fin.get("metadata")).putArray("ownerReferences").add(ref(owner));
        store.create(key("ns", "held"), fin);

        store.delete(key("ns", "owner"), null, null);
        await().atMost(WAIT).until(() -> store.get(key("ns", "child")).isEmpty() && store.get(key("ns", "grandchild")).isEmpty());
        await().atMost(WAIT).until(() -> Objects.deleting(store.get(key("ns", "held")).orElseThrow()));
        assertThat(store.get(key("ns", "shared"))).as("another owner is alive").isPresent();
    }

    // ---- list ----

    @Test
    void listIsOrderedAndFiltered() {
        create("b", "x", Map.of("app", "web", "tier", "fe"));
        create("a", "y", Map.of("app", "web", "tier", "be"));
        create("a", "x", Map.of("app", "db"));
        store.create(new ResourceKey("core/secrets", "a", "x"), cm("x", Map.of("app", "web")));
        assertThat(names(store.list(ListOptions.all(CM)))).containsExactly("a/x", "a/y", "b/x");
        assertThat(names(store.list(ListOptions.all(CM).inNamespace("a")))).containsExactly("a/x", "a/y");
        assertThat(names(store.list(ListOptions.all(CM).withLabels(LabelSelector.parse("app=web"))))).containsExactly("a/y", "b/x");
        assertThat(names(store.list(ListOptions.all(CM).withLabels(LabelSelector.parse("app=web,tier notin (be)"))))).containsExactly("b/x");
        assertThat(names(store.list(ListOptions.all(CM).withLabels(LabelSelector.parse("app in (db,web),!tier"))))).containsExactly("a/x");
        assertThat(names(store.list(ListOptions.all(CM).withFields(FieldSelector.parse("metadata.name=x"))))).containsExactly("a/x", "b/x");
        assertThat(names(store.list(ListOptions.all(CM).withFields(FieldSelector.parse("metadata.namespace!=a"))))).containsExactly("b/x");
        assertThat(store.list(ListOptions.all(CM)).revision()).isEqualTo(store.revision());
    }

    @Test
    void pagesFormAConsistentSnapshot() {
        for (String n : List.of("a", "b", "c", "d", "e")) create("ns", n, Map.of());
        ListResult p1 = store.list(ListOptions.all(CM).page(2, null));
        assertThat(names(p1)).containsExactly("ns/a", "ns/b");
        assertThat(p1.remainingItemCount()).isEqualTo(3L);
        // changes after the first page do not show on later pages
        store.delete(key("ns", "c"), null, null);
        create("ns", "cc", Map.of());
        ObjectNode d = store.get(key("ns", "d")).orElseThrow();
        ((ObjectNode) d.get("data")).put("k", "changed");
        store.update(key("ns", "d"), d, UpdateOptions.MAIN_NO_STATUS);

        ListResult p2 = store.list(ListOptions.all(CM).page(2, p1.continueToken()));
        assertThat(names(p2)).containsExactly("ns/c", "ns/d");
        assertThat(p2.items().get(1).path("data").path("k").asText()).isEqualTo("v");
        assertThat(p2.revision()).isEqualTo(p1.revision());
        ListResult p3 = store.list(ListOptions.all(CM).page(2, p2.continueToken()));
        assertThat(names(p3)).containsExactly("ns/e");
        assertThat(p3.continueToken()).isNull();
    }

    @Test
    void pagesWithSelectorsAreFull() {
        for (int i = 0; i < 30; i++) create("ns", "o%02d".formatted(i), Map.of("even", Boolean.toString(i % 2 == 0)));
        LabelSelector even = LabelSelector.parse("even notin (false)");
        List<String> all = new ArrayList<>();
        String token = null;
        do {
            ListResult page = store.list(ListOptions.all(CM).withLabels(even).page(4, token));
            all.addAll(names(page));
            token = page.continueToken();
        } while (token != null);
        assertThat(all).hasSize(15).startsWith("ns/o00", "ns/o02").endsWith("ns/o28");
    }

    @Test
    void aBadContinueTokenIsABadRequest() {
        ApiException e = apiError(() -> store.list(ListOptions.all(CM).page(1, "not-a-token!")));
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).contains("continue");
    }

    @Test
    void aContinueTokenPastCompactionIsGone() {
        for (String n : List.of("a", "b", "c")) create("ns", n, Map.of());
        ListResult p1 = store.list(ListOptions.all(CM).page(1, null));
        create("ns", "d", Map.of());
        create("ns", "e", Map.of());
        store.compact(store.revision());
        ApiException e = apiError(() -> store.list(ListOptions.all(CM).page(1, p1.continueToken())));
        assertThat(e.code()).isEqualTo(410);
        assertThat(e.getMessage()).isEqualTo("The provided continue parameter is too old to display a consistent list result. "
                + "You can start a new list without the continue parameter.");
    }

    // ---- watch ----

    @Test
    void watchFromNowSeesLaterChangesInOrder() throws Exception {
        create("ns", "before", Map.of());
        try (Watch w = store.watch(ListOptions.all(CM), 0)) {
            ObjectNode a = create("ns", "a", Map.of());
            ObjectNode a2 = store.update(key("ns", "a"), withLabel(a, "x", "1"), UpdateOptions.MAIN_NO_STATUS);
            store.delete(key("ns", "a"), null, null);
            WatchEvent e1 = w.next(WAIT);
            WatchEvent e2 = w.next(WAIT);
            WatchEvent e3 = w.next(WAIT);
            assertThat(List.of(e1.type(), e2.type(), e3.type()))
                    .containsExactly(WatchEvent.Type.ADDED, WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED);
            assertThat(e1.object()).isEqualTo(a);
            assertThat(e2.object()).isEqualTo(a2);
            assertThat(e2.previous()).isEqualTo(a);
            assertThat(e3.revision()).isEqualTo(e2.revision() + 1);
            assertThat(Objects.name(e3.object())).isEqualTo("a");
            assertThat(w.next(Duration.ofMillis(50))).isNull();
            assertThat(w.revision()).isEqualTo(store.revision());
        }
    }

    @Test
    void watchResumesFromAResourceVersion() throws Exception {
        ObjectNode a = create("ns", "a", Map.of());
        create("other", "b", Map.of());
        create("ns", "c", Map.of());
        try (Watch w = store.watch(ListOptions.all(CM).inNamespace("ns"), Long.parseLong(Objects.resourceVersion(a)))) {
            WatchEvent e = w.next(WAIT);
            assertThat(Objects.name(e.object())).isEqualTo("c");
            assertThat(e.type()).isEqualTo(WatchEvent.Type.ADDED);
            assertThat(w.next(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void watchTurnsSelectorTransitionsIntoAddedAndDeleted() throws Exception {
        ObjectNode a = create("ns", "a", Map.of("app", "web"));
        try (Watch w = store.watch(ListOptions.all(CM).withLabels(LabelSelector.parse("app=web")), 0)) {
            ObjectNode out = store.update(key("ns", "a"), withLabel(a, "app", "db"), UpdateOptions.MAIN_NO_STATUS);
            create("ns", "ignored", Map.of("app", "db"));
            store.update(key("ns", "a"), withLabel(out, "app", "web"), UpdateOptions.MAIN_NO_STATUS);
            WatchEvent gone = w.next(WAIT);
            assertThat(gone.type()).isEqualTo(WatchEvent.Type.DELETED);
            assertThat(Objects.labels(gone.object())).containsEntry("app", "db");
            assertThat(Objects.labels(gone.previous())).containsEntry("app", "web");
            WatchEvent back = w.next(WAIT);
            assertThat(back.type()).isEqualTo(WatchEvent.Type.ADDED);
            assertThat(back.previous()).isNotNull();
            assertThat(w.next(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void watchFromACompactedRevisionIsGone() {
        ObjectNode a = create("ns", "a", Map.of());
        create("ns", "b", Map.of());
        create("ns", "c", Map.of());
        store.compact(store.revision() - 1);
        assertThat(store.compactedRevision()).isEqualTo(store.revision() - 1);
        ApiException e = apiError(() -> store.watch(ListOptions.all(CM), Long.parseLong(Objects.resourceVersion(a))));
        assertThat(e.code()).isEqualTo(410);
        assertThat(e.getMessage()).startsWith("too old resource version: " + Objects.resourceVersion(a) + " (");
        assertThat(store.list(ListOptions.all(CM)).items()).as("compaction keeps current objects").hasSize(3);
    }

    // ---- transact ----

    @Test
    void transactIsAtomicAndSeesCurrentState() {
        create("ns", "count", Map.of());
        String r = store.transact(view -> {
            assertThat(view.get(key("ns", "count"))).isPresent();
            return new Command.Decision<>(List.of(new Command.Put(key("ns", "x"), cm("x", Map.of())),
                    new Command.Remove(key("ns", "count"))), "done");
        });
        assertThat(r).isEqualTo("done");
        assertThat(store.get(key("ns", "x"))).isPresent();
        assertThat(store.get(key("ns", "count"))).isEmpty();

        long rev = store.revision();
        assertThatThrownBy(() -> store.transact(view -> {
            throw ApiException.forbidden("limit reached");
        })).isInstanceOf(ApiException.class).hasMessage("limit reached");
        assertThat(store.revision()).isEqualTo(rev);
    }

    @Test
    void concurrentTransactsSerialize() throws Exception {
        store.create(key("ns", "counter"), cm("counter", Map.of()));
        Callable<Void> inc = () -> {
            for (int i = 0; i < 10; i++) {
                store.transact(view -> {
                    ObjectNode c = view.get(key("ns", "counter")).orElseThrow();
                    int n = c.path("data").path("n").asInt(0);
                    ((ObjectNode) c.get("data")).put("n", Integer.toString(n + 1));
                    List<ObjectNode> seen = view.list(ListOptions.all(CM).inNamespace("ns"));
                    assertThat(seen).hasSize(1);
                    return new Command.Decision<>(List.of(new Command.Put(key("ns", "counter"), c)), null);
                });
            }
            return null;
        };
        var pool = Executors.newFixedThreadPool(8);
        try {
            for (var f : pool.invokeAll(java.util.Collections.nCopies(8, inc))) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(store.get(key("ns", "counter")).orElseThrow().path("data").path("n").asInt()).isEqualTo(80);
    }

    @Test
    void transactListsByNamespacePrefix() {
        for (String ns : List.of("t-a", "t-a-b", "t-ab", "u")) create(ns, "x", Map.of());
        create("t-a-b", "y", Map.of());
        store.transact(view -> {
            assertThat(view.keysNamespacePrefix(CM, "t-a-")).containsExactly(key("t-a-b", "x"), key("t-a-b", "y"));
            assertThat(view.keysNamespacePrefix(CM, "t-a")).hasSize(4);
            assertThat(view.keysNamespacePrefix(CM, "t_")).isEmpty();   // LIKE wildcards are taken literally
            assertThat(view.listNamespacePrefix(CM, "t-a-").stream().map(o -> o.path("metadata").path("name").asText())).containsExactly("x", "y");
            assertThat(view.listNamespacePrefix(CM, "v")).isEmpty();
            return new Command.Decision<>(List.of(), null);
        });
        assertThat(store.list(ListOptions.all(CM).withNamespacePrefix("t-a-")).items()).hasSize(2);
        assertThat(store.list(ListOptions.all(CM).withNamespacePrefix("t-a").page(2, null)).items()).hasSize(2);
    }
}
