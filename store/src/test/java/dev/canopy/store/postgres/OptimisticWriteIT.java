package dev.canopy.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.store.Command;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.ResourceStore.UpdateOptions;
import dev.canopy.store.ResourceStoreFixture;
import dev.canopy.store.StoreOptions;
import dev.canopy.testkit.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer's one-round-trip batches ({@link KnownRows}, {@code canopy_lock_at}): they are taken when the
 * writer knows the rows, and whatever another process wrote in between makes the writer read again, so no
 * answer is ever decided on a stale row. "Another process" is a second store on the same database.
 */
class OptimisticWriteIT extends ResourceStoreFixture {
    private String url;

    @Override
    protected ResourceStore newStore() {
        url = TestPostgres.newDatabase();
        return PostgresStore.open(url, StoreOptions.defaults().withPoolSize(4));
    }

    private PostgresStore.WriterStats stats() { return ((PostgresStore) store).writerStats(); }

    private ObjectNode edit(ObjectNode o, String value) {
        ObjectNode copy = o.deepCopy();
        ((ObjectNode) copy.get("data")).put("k", value);
        return copy;
    }

    @Test
    void createsAndWritesOfKnownRowsTakeOneRoundTrip() {
        create("ns", "first", Map.of());   // the writer has not seen the counter yet: two round trips
        var before = stats();
        ObjectNode a = create("ns", "a", Map.of());
        ObjectNode b = create("ns", "b", Map.of());
        ObjectNode a2 = store.update(key("ns", "a"), edit(a, "2"), UpdateOptions.MAIN_NO_STATUS);
        store.delete(key("ns", "b"), null, null);
        var d = stats().minus(before);
        assertThat(d.batches()).isEqualTo(4);
        assertThat(d.optimistic()).isEqualTo(4);
        assertThat(d.fallbacks()).isZero();
        assertThat(Long.parseLong(Objects.resourceVersion(a2))).isEqualTo(Long.parseLong(Objects.resourceVersion(b)) + 1);
        assertThat(store.get(key("ns", "a")).orElseThrow().path("data").path("k").asText()).isEqualTo("2");
        assertThat(store.get(key("ns", "b"))).isEmpty();
        assertThat(store.revision()).isEqualTo(Long.parseLong(Objects.resourceVersion(a2)) + 1);
    }

    @Test
    void refusalsFromKnownRowsAreCheckedAgainstTheStore() {
        ObjectNode a = create("ns", "a", Map.of());
        create("ns", "x", Map.of());
        var before = stats();
        assertThat(apiError(() -> create("ns", "a", Map.of())).code()).isEqualTo(409);
        ObjectNode a2 = store.update(key("ns", "a"), edit(a, "2"), UpdateOptions.MAIN_NO_STATUS);
        assertThat(apiError(() -> store.update(key("ns", "a"), edit(a, "old"), UpdateOptions.MAIN_NO_STATUS)).code()).isEqualTo(409);
        assertThat(store.get(key("ns", "a")).orElseThrow().toString()).isEqualTo(a2.toString());
        var d = stats().minus(before);
        assertThat(d.optimistic()).isEqualTo(3);   // decided on what the writer knew, confirmed in one round trip
        assertThat(d.fallbacks()).isZero();
    }

    @Test
    void aRowAnotherProcessChangedIsReadAgainBeforeDeciding() {
        ObjectNode a = create("ns", "a", Map.of());
        try (PostgresStore other = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(2))) {
            ObjectNode theirs = other.update(key("ns", "a"), edit(a, "theirs"), UpdateOptions.MAIN_NO_STATUS);
            var before = stats();
            // our writer knew version 1 of a: an update carrying version 2 must not be refused as a conflict
            ObjectNode ours = store.update(key("ns", "a"), edit(theirs, "ours"), UpdateOptions.MAIN_NO_STATUS);
            assertThat(ours.path("data").path("k").asText()).isEqualTo("ours");
            assertThat(stats().minus(before).fallbacks()).isEqualTo(1);
            // and one carrying version 1 is a conflict, though version 1 is what it once knew
            assertThat(apiError(() -> store.update(key("ns", "a"), edit(a, "stale"), UpdateOptions.MAIN_NO_STATUS)).code()).isEqualTo(409);

            // a key another process deleted can be created again, though this writer knew it existed
            other.delete(key("ns", "a"), null, null);
            assertThat(create("ns", "a", Map.of()).path("metadata").path("name").asText()).isEqualTo("a");
            // a key another process created is taken, though this writer never saw it
            other.create(key("ns", "theirs"), cm("theirs", Map.of()));
            assertThat(apiError(() -> create("ns", "theirs", Map.of())).code()).isEqualTo(409);
        }
        assertThat(store.list(ListOptions.all(CM)).items()).extracting(o -> o.path("metadata").path("name").asText())
                .containsExactly("a", "theirs");
    }

    @Test
    void aCreateWhoseKeyExistsUnknownToTheWriterFallsBackAndIsRefused() {
        create("ns", "seen", Map.of());
        // a row this writer never read, committed with the counter as every writer does: the check finds it
        try (PostgresStore other = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(2))) {
            other.create(key("ns", "b"), cm("b", Map.of()));
        }
        long revision = store.revision();
        var before = stats();
        assertThat(apiError(() -> create("ns", "b", Map.of())).code()).isEqualTo(409);
        assertThat(stats().minus(before).fallbacks()).isEqualTo(1);
        assertThat(store.revision()).as("the failed try wrote nothing").isEqualTo(revision);
    }

    @Test
    void aTransactionThatScansIsDecidedOnTheStoreNotOnKnownRows() {
        create("ns", "a", Map.of());
        create("ns", "b", Map.of());
        var before = stats();
        int seen = store.transact(v -> {
            int n = v.list(ListOptions.all(CM)).size();
            if (n != 2) throw new AssertionError("decided on a made-up list of " + n);   // must never reach the store
            return new Command.Decision<>(List.of(new Command.Put(key("ns", "count"), cm("count", Map.of("n", Integer.toString(n))))), n);
        });
        assertThat(seen).isEqualTo(2);
        assertThat(stats().minus(before).fallbacks()).isEqualTo(1);
        assertThat(store.get(key("ns", "count")).orElseThrow().path("metadata").path("labels").path("n").asText()).isEqualTo("2");
    }
}
