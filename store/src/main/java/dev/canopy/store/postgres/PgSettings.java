package dev.canopy.store.postgres;

import dev.canopy.api.ApiException;
import dev.canopy.store.Settings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link Settings} in the {@code settings} table; first writer wins via ON CONFLICT DO NOTHING. */
final class PgSettings implements Settings {
    private final DataSource pool;

    PgSettings(DataSource pool) { this.pool = pool; }

    @Override
    public Optional<String> get(String key) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw ApiException.internal("cannot read setting " + key + ": " + e.getMessage());
        }
    }

    @Override
    public String putIfAbsent(String key, String value) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw ApiException.internal("cannot write setting " + key + ": " + e.getMessage());
        }
        return get(key).orElseThrow(() -> ApiException.internal("setting " + key + " vanished"));
    }

    @Override
    public boolean replace(String key, String expected, String value) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE settings SET value = ? WHERE key = ? AND value = ?")) {
            ps.setString(1, value);
            ps.setString(2, key);
            ps.setString(3, expected);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw ApiException.internal("cannot write setting " + key + ": " + e.getMessage());
        }
    }
}
