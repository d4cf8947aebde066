package dev.canopy.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.store.ResourceKey;
import dev.canopy.store.StoreOptions;
import dev.canopy.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class WriteTxIT {
    /** Another process commits while this writer waits for the counter lock: the batch must see its rows. */
    @Test
    void aWriterThatWaitedForTheLockReadsWhatWasCommittedMeanwhile() throws Exception {
        String url = TestPostgres.newDatabase();
        ResourceKey key = new ResourceKey("core/configmaps", "ns", "x");
        try (var store = PostgresStore.open(url, StoreOptions.defaults().withPoolSize(2));
             Connection other = DriverManager.getConnection(url); Connection mine = DriverManager.getConnection(url);
             var executor = Executors.newSingleThreadExecutor()) {
            other.setAutoCommit(false);
            mine.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("UPDATE revision_counter SET revision = 5 WHERE id = 1");
                st.execute("INSERT INTO current (resource, namespace, name, revision, uid, object) "
                        + "VALUES ('core/configmaps', 'ns', 'x', 5, gen_random_uuid(), '{\"metadata\":{\"name\":\"x\"}}')");
            }
            var begun = executor.submit(() -> WriteTx.begin(mine, List.of(key), new KnownRows(0)));
            Thread.sleep(300); // let it block on the lock with its snapshot already taken
            other.commit();
            WriteTx tx = begun.get();
            assertThat(tx.revision).isEqualTo(5);
            assertThat(tx.current(key)).isNotNull();
            mine.rollback();
        }
    }
}
