package dev.canopy.store.postgres;

import dev.canopy.api.Json;
import dev.canopy.api.selector.FieldSelector;
import dev.canopy.api.selector.LabelSelector;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Label and field selectors as a SQL condition over the {@code current} table, so pages are filled by
 * the database and non-matching rows are never parsed. Equality and In use {@code labels @> …}, which the
 * GIN index serves. Immutable.
 *
 * @param sql    a condition starting with " AND", or empty
 * @param params its string parameters, in order
 */
record SelectorSql(String sql, List<String> params) {

    static SelectorSql of(LabelSelector labels, FieldSelector fields) {
        StringBuilder sql = new StringBuilder();
        List<String> params = new ArrayList<>();
        if (labels.isNothing()) sql.append(" AND false");
        for (LabelSelector.Requirement r : labels.requirements()) {
            switch (r.operator()) {
                case EQUALS, IN -> sql.append(" AND ").append(anyOf(r, params));
                case NOT_EQUALS, NOT_IN -> sql.append(" AND NOT ").append(anyOf(r, params));
                case EXISTS -> { sql.append(" AND labels ?? ?"); params.add(r.key()); }
                case DOES_NOT_EXIST -> { sql.append(" AND NOT labels ?? ?"); params.add(r.key()); }
            }
        }
        for (FieldSelector.Term t : fields.terms()) {
            String column = t.field().equals("metadata.name") ? "name" : "namespace";
            sql.append(" AND ").append(column).append(t.negated() ? " <> ?" : " = ?");
            params.add(t.value());
        }
        return new SelectorSql(sql.toString(), params);
    }

    private static String anyOf(LabelSelector.Requirement r, List<String> params) {
        List<String> parts = new ArrayList<>();
        for (String v : r.values()) {
            parts.add("labels @> ?::jsonb");
            params.add(Json.write(Map.of(r.key(), v)));
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    /** Binds the parameters from index {@code i}; returns the next free index. */
    int bind(PreparedStatement ps, int i) throws SQLException {
        for (String p : params) ps.setString(i++, p);
        return i;
    }
}
