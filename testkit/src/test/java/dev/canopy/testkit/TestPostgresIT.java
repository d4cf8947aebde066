package dev.canopy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class TestPostgresIT {
    @Test
    void eachDatabaseIsFreshAndIsolated() throws Exception {
        String a = TestPostgres.newDatabase();
        String b = TestPostgres.newDatabase();
        assertThat(a).isNotEqualTo(b);
        try (var c = DriverManager.getConnection(a); var s = c.createStatement()) {
            s.execute("CREATE TABLE x(i int)");
        }
        try (var c = DriverManager.getConnection(b); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'x'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
