package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ListResult;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * Paginated lists that are a consistent snapshot across pages, as kube-apiserver's on etcd: every page
 * shows the objects as of the first page's revision R. A page reads, in one REPEATABLE READ snapshot,
 * the current rows unchanged since R plus, for keys changed after R, the {@code previous} state of their
 * first log row after R (exactly their state at R). Log rows after R survive until R is compacted,
 * after which the token is 410 Gone. Thread-safe.
 */
final class Lister {
    static final String TOO_OLD = "The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter.";
    private static final Comparator<ObjectNode> ORDER =
            Comparator.comparing((ObjectNode n) -> Objects.namespace(n)).thenComparing(n -> Objects.name(n));

    private record Token(long revision, String namespace, String name) {}

    private final DataSource pool;

    Lister(DataSource pool) { this.pool = pool; }

    ListResult list(ListOptions o) {
        Token token = o.continueToken() == null || o.continueToken().isEmpty() ? null : decode(o.continueToken());
        if (token == null && o.limit() <= 0) return whole(o);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return list(c, o, token);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw ApiException.internal("list failed: " + e.getMessage());
        }
    }

    /**
     * A list without limit or continue token in ONE round trip: a single statement (autocommit) sees one
     * snapshot, and reading the counter in it gives the revision that snapshot is at, so no REPEATABLE
     * READ transaction (isolation set and reset, counter, items, rollback: five round trips) is needed.
     */
    private ListResult whole(ListOptions o) {
        SelectorSql where = where(o);
        StringBuilder sql = new StringBuilder("WITH h(head) AS MATERIALIZED (SELECT revision FROM revision_counter WHERE id = 1) "
                + "SELECT h.head, namespace, name, object FROM h LEFT JOIN current ON resource = ? AND revision <= h.head");
        sql.append(where.sql());
        appendFilters(sql, o.namespace(), false);
        sql.append(" ORDER BY namespace, name");
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, o.resource());
            i = where.bind(ps, i);
            bindFilters(ps, i, o.namespace(), null, null);
            List<ObjectNode> items = new ArrayList<>();
            long head = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    head = rs.getLong(1);
                    byte[] object = rs.getBytes(4);
                    if (object == null) continue; // the LEFT JOIN's row when nothing matches
                    ObjectNode obj = Change.parse(object);
                    if (matches(o, obj)) items.add(obj);
                }
            }
            items.sort(ORDER);
            return new ListResult(items, head, null, null);
        } catch (SQLException e) {
            throw ApiException.internal("list failed: " + e.getMessage());
        }
    }

    private static SelectorSql where(ListOptions o) {
        SelectorSql where = SelectorSql.of(o.labels(), o.fields());
        if (o.namespacePrefix() != null && !o.namespacePrefix().isEmpty()) {
            List<String> params = new ArrayList<>(where.params());
            params.add(WriteTx.likePrefix(o.namespacePrefix()));
            where = new SelectorSql(where.sql() + " AND namespace LIKE ?", List.copyOf(params));
        }
        return where;
    }

    private ListResult list(Connection c, ListOptions o, Token token) throws SQLException {
        long head;
        long compacted;
        try (PreparedStatement ps = c.prepareStatement("SELECT revision, compacted FROM revision_counter WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            head = rs.getLong(1);
            compacted = rs.getLong(2);
        }
        long at = head;
        if (token != null) {
            if (token.revision() < compacted) throw ApiException.gone(TOO_OLD);
            at = token.revision();
        }
        SelectorSql where = where(o);
        String namespace = o.namespace();
        int want = o.limit() > 0 ? o.limit() + 1 : Integer.MAX_VALUE;

        // current rows unchanged since `at`; the Java check is a safety net behind the SQL condition
        List<ObjectNode> items = new ArrayList<>();
        String afterNs = token == null ? null : token.namespace();
        String afterName = token == null ? null : token.name();
        int chunk = o.limit() > 0 ? Math.max(o.limit() + 1, 200) : 0;
        while (items.size() < want) {
            StringBuilder sql = new StringBuilder("SELECT namespace, name, object FROM current WHERE resource = ? AND revision <= ?");
            sql.append(where.sql());
            appendFilters(sql, namespace, afterNs != null);
            sql.append(" ORDER BY namespace, name");
            if (chunk > 0) sql.append(" LIMIT ").append(chunk);
            int fetched = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, o.resource());
                ps.setLong(i++, at);
                i = where.bind(ps, i);
                bindFilters(ps, i, namespace, afterNs, afterName);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fetched++;
                        afterNs = rs.getString(1);
                        afterName = rs.getString(2);
                        ObjectNode obj = Change.parse(rs.getBytes(3));
                        if (matches(o, obj)) items.add(obj);
                    }
                }
            }
            if (chunk == 0 || fetched < chunk) break;
        }

        // keys changed after `at` (few, unless the list is old): their state at `at`
        if (at < head) {
            StringBuilder sql = new StringBuilder("SELECT DISTINCT ON (namespace, name) previous FROM log WHERE resource = ? AND revision > ?");
            appendFilters(sql, namespace, token != null);
            sql.append(" ORDER BY namespace, name, revision");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, o.resource());
                ps.setLong(i++, at);
                bindFilters(ps, i, namespace, token == null ? null : token.namespace(), token == null ? null : token.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String prev = rs.getString(1);
                        if (prev == null) continue;
                        ObjectNode obj = Change.parse(prev);
                        if (matches(o, obj)) items.add(obj);
                    }
                }
            }
        }
        items.sort(ORDER);
        if (o.limit() <= 0 || items.size() <= o.limit()) return new ListResult(items, at, null, null);
        List<ObjectNode> page = new ArrayList<>(items.subList(0, o.limit()));
        ObjectNode lastItem = page.get(page.size() - 1);
        String next = encode(new Token(at, Objects.namespace(lastItem), Objects.name(lastItem)));
        Long remaining = o.labels().isEverything() && o.fields().isEverything() && o.namespacePrefix() == null && at == head
                ? countAfter(c, o.resource(), namespace, Objects.namespace(lastItem), Objects.name(lastItem)) : null;
        return new ListResult(page, at, next, remaining);
    }

    private static boolean matches(ListOptions o, ObjectNode obj) {
        if (o.namespacePrefix() != null && !Objects.namespace(obj).startsWith(o.namespacePrefix())) return false;
        return o.labels().matches(Objects.labels(obj)) && o.fields().matches(obj);
    }

    private static void appendFilters(StringBuilder sql, String namespace, boolean after) {
        if (namespace != null) sql.append(" AND namespace = ?");
        if (after) sql.append(" AND (namespace, name) > (?, ?)");
    }

    private static void bindFilters(PreparedStatement ps, int i, String namespace, String afterNs, String afterName) throws SQLException {
        if (namespace != null) ps.setString(i++, namespace);
        if (afterNs != null) {
            ps.setString(i++, afterNs);
            ps.setString(i, afterName);
        }
    }

    private static long countAfter(Connection c, String resource, String namespace, String afterNs, String afterName) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM current WHERE resource = ?");
        appendFilters(sql, namespace, true);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, resource);
            bindFilters(ps, 2, namespace, afterNs, afterName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String encode(Token t) {
        ObjectNode n = Json.object().put("rv", t.revision()).put("ns", t.namespace()).put("name", t.name());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.writeBytes(n));
    }

    private static Token decode(String s) {
        try {
            JsonNode n = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8));
            if (n == null || !n.path("rv").canConvertToLong() || !n.path("ns").isTextual() || !n.path("name").isTextual())
                throw new IllegalArgumentException("missing fields");
            return new Token(n.get("rv").asLong(), n.get("ns").asText(), n.get("name").asText());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ApiException.badRequest("invalid continue token: the continue parameter must be the value of metadata.continue "
                    + "from the previous page of this list");
        }
    }
}
