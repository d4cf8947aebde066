package dev.canopy.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints rows like {@code kubectl get}: upper-case headers, left-aligned columns separated by three
 * spaces, {@code <none>} for an empty cell, no trailing padding. Columns marked wide appear only with
 * {@code -o wide}. Build it with {@link #columns}, add rows, then {@link #print}.
 *
 * <p>Also renders a server-side {@code meta.k8s.io/v1 Table} ({@link #fromServerTable}), so commands
 * that ask the seed for {@code as=Table} print exactly what kubectl would.
 */
public final class TablePrinter {
    /** kubectl's tabwriter pads with three spaces between columns. */
    static final String GAP = "   ";
    public static final String NONE = "<none>";

    /** A column: its header and whether it appears only with {@code -o wide}. */
    public record Col(String header, boolean wide) {
        public static Col of(String header) { return new Col(header, false); }
        public static Col wide(String header) { return new Col(header, true); }
    }

    private final List<Col> columns;
    private final List<List<String>> rows = new ArrayList<>();

    private TablePrinter(List<Col> columns) {
        if (columns.isEmpty()) throw new IllegalArgumentException("a table needs at least one column");
        this.columns = List.copyOf(columns);
    }

    public static TablePrinter columns(Col... columns) { return new TablePrinter(List.of(columns)); }

    public static TablePrinter columns(String... headers) {
        return new TablePrinter(java.util.Arrays.stream(headers).map(Col::of).toList());
    }

    /** Adds a row; cells are converted with {@code String.valueOf}, and null or blank cells print {@code <none>}. */
    public TablePrinter row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns.size() + " columns");
        }
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) r.add(cell(c));
        rows.add(r);
        return this;
    }

    public int size() { return rows.size(); }

    /** Prints the table; with no rows prints nothing and returns false, so callers can say "No resources found". */
    public boolean print(PrintWriter out, boolean wide) {
        if (rows.isEmpty()) return false;
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) if (wide || !columns.get(i).wide()) shown.add(i);
        int[] width = new int[shown.size()];
        for (int k = 0; k < shown.size(); k++) {
            width[k] = header(shown.get(k)).length();
            for (List<String> r : rows) width[k] = Math.max(width[k], r.get(shown.get(k)).length());
        }
        List<String> headers = new ArrayList<>();
        for (int i : shown) headers.add(header(i));
        line(out, headers, shown, width, true);
        for (List<String> r : rows) line(out, r, shown, width, false);
        out.flush();
        return true;
    }

    public String render(boolean wide) {
        var sw = new java.io.StringWriter();
        print(new PrintWriter(sw), wide);
        return sw.toString();
    }

    private String header(int i) { return columns.get(i).header().toUpperCase(Locale.ROOT); }

    private static void line(PrintWriter out, List<String> cells, List<Integer> shown, int[] width, boolean isHeader) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < shown.size(); k++) {
            String c = isHeader ? cells.get(k) : cells.get(shown.get(k));
            sb.append(c);
            if (k < shown.size() - 1) sb.append(" ".repeat(width[k] - c.length())).append(GAP);
        }
        out.println(sb);
    }

    static String cell(Object c) {
        if (c == null) return NONE;
        String s = c instanceof JsonNode n ? (n.isValueNode() ? n.asText() : n.toString()) : String.valueOf(c);
        return s.isBlank() ? NONE : s.replace('\n', ' ').replace('\t', ' ');
    }

    /**
     * A printer for a {@code meta.k8s.io/v1 Table} returned by the seed: its column definitions (priority
     * &gt; 0 become wide columns) and rows' cells; {@code date} cells (and AGE) become kubectl ages.
     */
    public static TablePrinter fromServerTable(JsonNode table, Instant now) {
        JsonNode defs = table.path("columnDefinitions");
        List<Col> cols = new ArrayList<>();
        List<Boolean> dates = new ArrayList<>();
        for (JsonNode d : defs) {
            cols.add(new Col(d.path("name").asText(), d.path("priority").asInt(0) > 0));
            dates.add("date".equals(d.path("format").asText()) || "AGE".equalsIgnoreCase(d.path("name").asText()));
        }
        TablePrinter p = new TablePrinter(cols);
        for (JsonNode row : table.path("rows")) {
            Object[] cells = new Object[cols.size()];
            JsonNode cs = row.path("cells");
            for (int i = 0; i < cells.length; i++) {
                JsonNode c = cs.path(i);
                cells[i] = c.isMissingNode() || c.isNull() ? null
                        : dates.get(i) && c.isTextual() && looksLikeTimestamp(c.asText()) ? Age.since(c.asText(), now) : c;
            }
            p.row(cells);
        }
        return p;
    }

    private static boolean looksLikeTimestamp(String s) {
        return s.length() >= 20 && Character.isDigit(s.charAt(0)) && s.charAt(10) == 'T';
    }
}
