package dev.canopy.cli.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floor under create: what PostgreSQL alone does with single-row {@code INSERT} + {@code COMMIT}
 * of the same row size, from the same number of concurrent clients (one JDBC connection each, with
 * {@code synchronous_commit = on} like the store). Uses a scratch table {@code bench_raw_insert} that
 * it drops afterwards.
 */
public final class RawInsertFloor {
    private final String jdbcUrl;
    private final String user;
    private final String password;

    /** @param user, password null when the URL carries them */
    public RawInsertFloor(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Inserts {@code rows} rows of {@code body} from {@code clients} connections and returns the figures. */
    public OpStats run(int clients, long rows, String body) throws SQLException, InterruptedException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_raw_insert");
            st.execute("CREATE TABLE bench_raw_insert (id bigserial PRIMARY KEY, name text NOT NULL, object text NOT NULL)");
            c.commit();
        }
        Latencies lat = new Latencies(ApiFigures.RAW_INSERT);
        AtomicLong next = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name("bench-raw-" + i).start(() -> {
                try (Connection c = connect();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO bench_raw_insert (name, object) VALUES (?, ?)")) {
                    for (long n; (n = next.getAndIncrement()) < rows && failure.get() == null; ) {
                        long t0 = System.nanoTime();
                        ps.setString(1, "raw-" + n);
                        ps.setString(2, body);
                        ps.executeUpdate();
                        c.commit();
                        lat.record(System.nanoTime() - t0);
                    }
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        long elapsed = System.nanoTime() - start;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_raw_insert");
            c.commit();
        }
        if (failure.get() != null) throw new SQLException("raw insert failed: " + failure.get().getMessage(), failure.get());
        return lat.stats(elapsed);
    }

    private Connection connect() throws SQLException {
        Connection c = user == null ? DriverManager.getConnection(jdbcUrl) : DriverManager.getConnection(jdbcUrl, user, password);
        try (Statement st = c.createStatement()) {
            st.execute("SET synchronous_commit = on");
        }
        c.setAutoCommit(false);
        return c;
    }
}
