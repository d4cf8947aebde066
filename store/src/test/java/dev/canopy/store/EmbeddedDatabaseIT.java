package dev.canopy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.api.Json;
import dev.canopy.store.postgres.PostgresStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {
    @TempDir Path dir;

    @Test
    void aRestartKeepsTheData() {
        ResourceKey key = new ResourceKey("core/configmaps", "ns", "kept");
        String uid;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             PostgresStore store = PostgresStore.open(db.jdbcUrl(), StoreOptions.defaults().withPoolSize(2))) {
            var o = Json.object();
            o.putObject("metadata").put("name", "kept");
            uid = dev.canopy.api.Objects.uid(store.create(key, o));
            store.settings().putIfAbsent("ca", "pem");
        }
        assertThat(Files.exists(dir.resolve("postgres/PG_VERSION"))).isTrue();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             PostgresStore store = PostgresStore.open(db.jdbcUrl(), StoreOptions.defaults().withPoolSize(2))) {
            assertThat(dev.canopy.api.Objects.uid(store.get(key).orElseThrow())).isEqualTo(uid);
            assertThat(store.settings().get("ca")).contains("pem");
            assertThat(store.revision()).isEqualTo(1);
        }
    }

    @Test
    void theSeedsDatabaseFlushesCommitsToDisk() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             var c = java.sql.DriverManager.getConnection(db.jdbcUrl());
             var st = c.createStatement()) {
            for (String setting : java.util.List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (var rs = st.executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }
}
