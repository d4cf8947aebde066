package dev.canopy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second seed on a data directory in use is refused clearly, and the first keeps its database. */
class EmbeddedDatabaseBusyIT {
    @TempDir
    Path dir;

    @Test
    void aSecondStartOnABusyDirectoryIsRefusedAndTheFirstKeepsRunning() throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir, 0)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dir, 0))
                    .hasMessageContaining("another Canopy seed is running with the data directory");
            try (var c = java.sql.DriverManager.getConnection(first.jdbcUrl()); var st = c.createStatement(); var rs = st.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
