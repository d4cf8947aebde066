package dev.canopy.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Objects;
import dev.canopy.store.Command;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.ResourceStoreContract;
import dev.canopy.store.StoreOptions;
import dev.canopy.store.Watch;
import dev.canopy.store.WatchEvent;
import dev.canopy.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresStoreIT extends ResourceStoreContract {
    private String url;

    @Override
    protected ResourceStore newStore() {
        url = TestPostgres.newDatabase();
        return PostgresStore.open(url, StoreOptions.defaults().withPoolSize(4));
    }

    @Test
    void watchReadsEventsOlderThanTheRingFromTheLog() throws Exception {
        store.close();
        store = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(4).withRingSize(4));
        create("ns", "first", Map.of());
        long start = store.revision();
        for (int i = 0; i < 20; i++) create("ns", "o" + i, Map.of());
        try (Watch w = store.watch(ListOptions.all(CM), start)) {
            List<Long> revs = new ArrayList<>();
            for (int i = 0; i < 20; i++) revs.add(w.next(WAIT).revision());
            assertThat(revs).isSorted().doesNotHaveDuplicates().hasSize(20);
            assertThat(revs.get(19)).isEqualTo(store.revision());
            assertThat(w.next(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void aWatchThatFellBehindCompactionIsGone() throws Exception {
        store.close();
        store = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(4).withRingSize(4));
        create("ns", "first", Map.of());
        try (Watch w = store.watch(ListOptions.all(CM), store.revision())) {
            for (int i = 0; i < 10; i++) create("ns", "o" + i, Map.of());
            store.compact(store.revision() - 2);
            var e = apiError(() -> w.next(WAIT));
            assertThat(e.code()).isEqualTo(410);
            assertThat(e.getMessage()).startsWith("too old resource version: ");
        }
    }

    @Test
    void orphansLeftBeforeARestartAreCollectedOnStart() {
        store.close();
        StoreOptions noGc = new StoreOptions(4, 256, 1000, Duration.ZERO, 100, Duration.ofHours(1), false);
        store = PostgresStore.open(url, noGc);
        ObjectNode owner = create("ns", "owner", Map.of());
        ownedBy("child", owner);
        store.delete(key("ns", "owner"), null, null);
        assertThat(store.get(key("ns", "child"))).isPresent();
        store.close();
        store = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(4));
        await().atMost(WAIT).until(() -> store.get(key("ns", "child")).isEmpty());
    }

    @Test
    void automaticCompactionKeepsTheNewestRows() {
        store.close();
        store = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(4).withCompaction(Duration.ofMillis(100), 3, Duration.ZERO));
        for (int i = 0; i < 10; i++) create("ns", "o" + i, Map.of());
        await().atMost(WAIT).until(() -> store.compactedRevision() == store.revision() - 3);
        assertThat(store.list(ListOptions.all(CM)).items()).hasSize(10);
    }

    @Test
    void settingsKeepTheFirstValue() {
        PostgresStore pg = (PostgresStore) store;
        assertThat(pg.settings().get("ca")).isEmpty();
        assertThat(pg.settings().putIfAbsent("ca", "one")).isEqualTo("one");
        assertThat(pg.settings().putIfAbsent("ca", "two")).isEqualTo("one");
        assertThat(pg.settings().get("ca")).contains("one");
        assertThat(pg.dataSource().getHikariPoolMXBean()).isNotNull();
    }

    @Test
    void aFailingCommandInABatchDoesNotAffectTheOthers() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                fs.add(pool.submit(() -> n % 4 == 0
                        ? store.transact(v -> { throw dev.canopy.api.ApiException.forbidden("no " + n); })
                        : create("ns", "o" + n, Map.of())));
            }
            int failed = 0;
            for (var f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
            assertThat(failed).isEqualTo(16);
            assertThat(store.list(ListOptions.all(CM)).items()).hasSize(48);
            assertThat(store.revision()).isEqualTo(48);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void twoProcessesWritingConcurrentlyAreSeenOnceInRevisionOrder() throws Exception {
        try (PostgresStore other = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(4));
             Watch w = store.watch(ListOptions.all(CM), 0)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    ResourceStore target = i % 2 == 0 ? store : other;
                    String name = "o" + i;
                    fs.add(pool.submit(() -> target.create(key("ns", name), cm(name, Map.of()))));
                }
                for (var f : fs) f.get();
            } finally {
                pool.shutdown();
            }
            List<Long> revs = new ArrayList<>();
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < 100; i++) {
                WatchEvent e = w.next(WAIT);
                assertThat(e).as("event %d", i).isNotNull();
                revs.add(e.revision());
                names.add(Objects.name(e.object()));
            }
            assertThat(revs).isSorted().doesNotHaveDuplicates();
            assertThat(names).hasSize(100);
            assertThat(w.next(Duration.ofMillis(100))).isNull();
            assertThat(other.revision()).isEqualTo(store.revision()).isEqualTo(100);
        }
    }

    @Test
    void twoProcessesDecideAgainstEachOthersCommits() throws Exception {
        create("ns", "counter", Map.of());
        try (PostgresStore other = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(4))) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    ResourceStore target = i % 2 == 0 ? store : other;
                    fs.add(pool.submit(() -> target.transact(v -> {
                        ObjectNode c = v.get(key("ns", "counter")).orElseThrow();
                        ((ObjectNode) c.get("data")).put("n", Integer.toString(c.path("data").path("n").asInt(0) + 1));
                        return new Command.Decision<>(List.of(new Command.Put(key("ns", "counter"), c)), null);
                    })));
                }
                int created = 0;
                for (int i = 0; i < 40; i++) {
                    ResourceStore target = i % 2 == 0 ? store : other;
                    String name = "same" + (i % 10);
                    fs.add(pool.submit(() -> target.create(key("ns", name), cm(name, Map.of()))));
                }
                for (var f : fs) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOfSatisfying(dev.canopy.api.ApiException.class,
                                x -> assertThat(x.code()).isEqualTo(409));
                        created--;
                    }
                }
                assertThat(created).as("30 of 40 creates of 10 names lose").isEqualTo(-30);
            } finally {
                pool.shutdown();
            }
        }
        assertThat(store.get(key("ns", "counter")).orElseThrow().path("data").path("n").asInt()).isEqualTo(80);
    }

    @Test
    void transactSeesEarlierWritesOfTheSameBatch() {
        // a Put in one transact followed by another transact reading it, both likely in one batch
        var t1 = Thread.ofVirtual().start(() -> store.transact(v ->
                new Command.Decision<>(List.of(new Command.Put(key("ns", "a"), cm("a", Map.of()))), null)));
        var t2 = Thread.ofVirtual().start(() -> store.transact(v ->
                new Command.Decision<>(List.of(new Command.Put(key("ns", "b"), cm("b", Map.of("n",
                        Integer.toString(v.list(ListOptions.all(CM)).size()))))), null)));
        try {
            t1.join();
            t2.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(store.list(ListOptions.all(CM)).items()).hasSize(2);
    }

    /** The writer commits in the flush's round trip: once a write returns, its transaction is over and visible to all. */
    @Test
    void aReturnedWriteIsCommittedAndTheWriterHoldsNoTransaction() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
            ObjectNode a = create("ns", "a", Map.of("app", "x"));
            assertThat(idleInTransaction(c)).isZero();
            assertThat(counter(c)).isEqualTo(Long.parseLong(Objects.resourceVersion(a))).isEqualTo(store.revision());
            try (var ps = c.prepareStatement("SELECT count(*) FROM current WHERE name = 'a'"); var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            // a batch that writes nothing (the create conflicts) still ends its transaction
            assertThat(apiError(() -> create("ns", "a", Map.of())).code()).isEqualTo(409);
            assertThat(idleInTransaction(c)).isZero();
            assertThat(counter(c)).isEqualTo(store.revision());
            // and the next writes go on from there, without gaps
            ObjectNode b = create("ns", "b", Map.of());
            assertThat(Long.parseLong(Objects.resourceVersion(b))).isEqualTo(Long.parseLong(Objects.resourceVersion(a)) + 1);
            assertThat(counter(c)).isEqualTo(store.revision());
        }
    }

    /** The GIN indexes keep no pending list (migration V2): label and owner searches never scan one. */
    @Test
    void theGinIndexesHaveNoPendingList() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             var ps = c.prepareStatement("SELECT relname, reloptions FROM pg_class WHERE relname IN ('current_labels', 'current_owners') ORDER BY relname");
             var rs = ps.executeQuery()) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) rows.add(rs.getString(1) + " " + rs.getString(2));
            assertThat(rows).containsExactly("current_labels {fastupdate=off}", "current_owners {fastupdate=off}");
        }
        // only objects that have owners are in the owner index (migration V3): the others cost it nothing
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             var rs = c.createStatement().executeQuery("SELECT pg_get_indexdef('current_owners'::regclass)")) {
            rs.next();
            assertThat(rs.getString(1)).endsWith("WHERE (cardinality(owner_uids) > 0)");
        }
        for (int i = 0; i < 20; i++) create("ns", "l" + i, Map.of("bucket", "b" + (i % 2)));
        assertThat(store.list(ListOptions.all(CM).withLabels(dev.canopy.api.selector.LabelSelector.parse("bucket=b1"))).items()).hasSize(10);
    }

    private static int idleInTransaction(java.sql.Connection c) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
             var rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long counter(java.sql.Connection c) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("SELECT revision FROM revision_counter WHERE id = 1"); var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sequential writes are one batch each; concurrent ones share batches, and every write is counted once. */
    @Test
    void theWriterCountsItsBatchesAndOperations() throws Exception {
        PostgresStore pg = (PostgresStore) store;
        var before = pg.writerStats();
        for (int i = 0; i < 5; i++) create("ns", "s" + i, Map.of());
        var sequential = pg.writerStats();
        assertThat(sequential.batches() - before.batches()).isEqualTo(5);
        assertThat(sequential.operations() - before.operations()).isEqualTo(5);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<ObjectNode>> done = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String name = "c" + i;
                done.add(pool.submit(() -> create("ns", name, Map.of())));
            }
            for (var f : done) f.get();
        }
        var concurrent = pg.writerStats();
        assertThat(concurrent.operations() - sequential.operations()).isEqualTo(64);
        assertThat(concurrent.batches() - sequential.batches()).isBetween(1L, 64L);
        assertThat(store.list(ListOptions.all(CM)).items()).hasSize(69);
    }

    /** A transaction reads what it prefetched, what it did not, and what its own earlier writes left. */
    @Test
    void aTransactionWithPrefetchSeesPrefetchedAndOtherKeys() {
        create("ns", "a", Map.of());
        create("ns", "b", Map.of());
        String seen = store.transact(List.of(key("ns", "a"), key("ns", "absent")), view -> {
            String s = view.get(key("ns", "a")).isPresent() + "," + view.get(key("ns", "b")).isPresent() + "," + view.get(key("ns", "absent")).isPresent();
            return new Command.Decision<>(List.of(new Command.Put(key("ns", "absent"), cm("absent", Map.of())), new Command.Remove(key("ns", "b"))), s);
        });
        assertThat(seen).isEqualTo("true,true,false");
        assertThat(store.get(key("ns", "absent"))).isPresent();
        assertThat(store.get(key("ns", "b"))).isEmpty();
        assertThat(store.get(key("ns", "a"))).isPresent();
    }

    /**
     * A batch's rows go to PostgreSQL as one parameter per value, or as arrays when there are too many for
     * one statement ({@link Flush#MAX_ROW_PARAMETERS}); both must store the same thing: quotes,
     * backslashes and text beyond ASCII in objects, labels, owners, deletions in the same transaction, and
     * the events a watcher gets.
     */
    @Test
    void smallAndLargeTransactionsStoreTheSameObjectsAndEvents() throws Exception {
        String tricky = "quote \" and backslash \\ and {braces}, commas, NULL, grüße 🌲";
        for (int size : new int[] {3, Flush.MAX_ROW_PARAMETERS / 7 + 1}) {
            String ns = "tx-" + size;
            for (int i = 0; i < 2; i++) create(ns, "old-" + i, Map.of("gone", "soon"));
            long from = store.revision();
            try (Watch w = store.watch(ListOptions.all(CM).inNamespace(ns), from)) {
                store.transact(v -> {
                    List<Command.Write> writes = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        ObjectNode o = cm("n-" + i, Map.of("app", "x", "n", Integer.toString(i % 2)));
                        o.putObject("data").put("text", tricky + i);
                        writes.add(new Command.Put(key(ns, "n-" + i), o));
                    }
                    writes.add(new Command.Remove(key(ns, "old-0")));
                    writes.add(new Command.Remove(key(ns, "old-1")));
                    return new Command.Decision<>(writes, null);
                });
                List<WatchEvent> events = new ArrayList<>();
                while (events.size() < size + 2) events.add(java.util.Objects.requireNonNull(w.next(WAIT)));
                assertThat(events.stream().filter(e -> e.type() == WatchEvent.Type.DELETED)).hasSize(2);
                assertThat(events.get(size - 1).object().path("data").path("text").asText()).isEqualTo(tricky + (size - 1));
            }
            var items = store.list(ListOptions.all(CM).inNamespace(ns).withLabels(dev.canopy.api.selector.LabelSelector.matchLabels(Map.of("n", "1")))).items();
            assertThat(items).hasSize(size / 2);
            assertThat(items.get(0).path("data").path("text").asText()).isEqualTo(tricky + "1");
            assertThat(store.get(key(ns, "old-0"))).isEmpty();
            assertThat(store.revision()).isEqualTo(from + size + 2);
        }
    }

    /** Objects are read as UTF-8 bytes straight from the result set: text beyond ASCII survives get, list and update. */
    @Test
    void textBeyondAsciiRoundTrips() {
        String text = "grüße, 日本語, 🌲 canopy";
        ObjectNode o = cm("utf", Map.of("app", "x"));
        o.putObject("data").put("greeting", text);
        var key = key("ns", "utf");
        store.create(key, o);
        assertThat(store.get(key).orElseThrow().path("data").path("greeting").asText()).isEqualTo(text);
        assertThat(store.list(ListOptions.all(CM)).items()).singleElement().satisfies(i -> assertThat(i.path("data").path("greeting").asText()).isEqualTo(text));
        ObjectNode changed = store.get(key).orElseThrow();
        ((ObjectNode) changed.path("data")).put("again", text + "!");
        store.update(key, changed, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
        assertThat(store.get(key).orElseThrow().path("data").path("again").asText()).isEqualTo(text + "!");
    }

    /**
     * After a burst of writes the store analyses its tables itself (autovacuum would wait up to a minute),
     * so the planner knows the table grew and a label list uses the GIN index instead of scanning.
     */
    @Test
    void aBurstOfWritesIsFollowedByAnAnalysisAndIndexPlans() throws Exception {
        PostgresStore pg = (PostgresStore) store;
        long before = pg.analyses();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<ObjectNode>> done = new ArrayList<>();
            for (int i = 0; i < Statistics.BASE + 200; i++) {
                String name = "b" + i;
                done.add(pool.submit(() -> create("ns" + (name.hashCode() & 7), name, Map.of("bucket", "b" + (name.hashCode() & 63)))));
            }
            for (var f : done) f.get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pg.analyses() > before);
        try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'current'")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("current analysed by the store (not by autovacuum)").isTrue();
            }
            StringBuilder plan = new StringBuilder();
            try (var rs = st.executeQuery("EXPLAIN SELECT object FROM current WHERE resource = 'core/configmaps' AND labels @> '{\"bucket\":\"b5\"}'")) {
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
            }
            assertThat(plan.toString()).contains("current_labels").doesNotContain("Seq Scan");
            // the garbage collector's lookup of an owner's dependents states the owner index's predicate, so it can use it
            plan.setLength(0);
            try (var rs = st.executeQuery("EXPLAIN SELECT c.name FROM current c WHERE cardinality(c.owner_uids) > 0 "
                    + "AND c.owner_uids @> ARRAY['00000000-0000-0000-0000-000000000001'::uuid]")) {
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
            }
            assertThat(plan.toString()).contains("current_owners").doesNotContain("Seq Scan");
        }
    }

    /**
     * A list without limit is one statement: while writes go on, each list holds exactly the objects
     * written up to its revision (none missing, none newer), as the paginated REPEATABLE READ path does.
     */
    @Test
    void aWholeListIsASnapshotAtItsRevisionWhileWritesGoOn() throws Exception {
        var written = new java.util.concurrent.ConcurrentHashMap<String, Long>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int id = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 50 && !stop.get(); i++) {
                        ObjectNode o = create("ns", "w" + id + "-" + i, Map.of("app", "snap"));
                        written.put(Objects.name(o), Long.parseLong(Objects.resourceVersion(o)));
                    }
                    return null;
                }));
            }
            for (int round = 0; round < 20; round++) {
                var list = store.list(ListOptions.all(CM).withLabels(dev.canopy.api.selector.LabelSelector.parse("app=snap")));
                java.util.Set<String> names = new java.util.HashSet<>();
                for (ObjectNode o : list.items()) {
                    names.add(Objects.name(o));
                    assertThat(Long.parseLong(Objects.resourceVersion(o))).isLessThanOrEqualTo(list.revision());
                }
                // every write acknowledged at or below the list's revision is in it
                written.forEach((name, rv) -> {
                    if (rv <= list.revision()) assertThat(names).as("revision %d", list.revision()).contains(name);
                });
            }
            for (var f : writers) f.get();
        }
        var all = store.list(ListOptions.all(CM).withLabels(dev.canopy.api.selector.LabelSelector.parse("app=snap")));
        assertThat(all.items()).hasSize(200);
        assertThat(all.revision()).isEqualTo(store.revision());
        assertThat(store.list(ListOptions.all(CM).withLabels(dev.canopy.api.selector.LabelSelector.parse("app=none"))).revision())
                .isEqualTo(store.revision());
    }
}
