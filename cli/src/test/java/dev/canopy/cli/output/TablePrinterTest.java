package dev.canopy.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

    @Test
    void alignsColumnsLikeKubectl() {
        String table = TablePrinter.columns("name", "domain", "age")
                .row("root", "example.org", "4h")
                .row("foo-long-name", "foo.example.org", "5s")
                .render(false);
        assertThat(table).isEqualTo("""
                NAME            DOMAIN            AGE
                root            example.org       4h
                foo-long-name   foo.example.org   5s
                """);
    }

    @Test
    void emptyCellsPrintNoneAndLinesHaveNoTrailingSpaces() {
        String table = TablePrinter.columns("name", "subjects", "note")
                .row("a", null, "")
                .row("b", "john", null)
                .render(false);
        assertThat(table).isEqualTo("""
                NAME   SUBJECTS   NOTE
                a      <none>     <none>
                b      john       <none>
                """);
        assertThat(table.lines()).noneMatch(l -> l.endsWith(" "));
    }

    @Test
    void wideColumnsOnlyWithWide() {
        TablePrinter t = TablePrinter.columns(TablePrinter.Col.of("NAME"), TablePrinter.Col.wide("ETCD"), TablePrinter.Col.of("AGE"))
                .row("foo", "tenant-root", "2d");
        assertThat(t.render(false)).isEqualTo("NAME   AGE\nfoo    2d\n");
        assertThat(t.render(true)).isEqualTo("NAME   ETCD          AGE\nfoo    tenant-root   2d\n");
    }

    @Test
    void noRowsPrintsNothing() {
        assertThat(TablePrinter.columns("NAME").render(false)).isEmpty();
    }

    @Test
    void rowWithWrongCellCountIsABug() {
        assertThatThrownBy(() -> TablePrinter.columns("A", "B").row("x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersAServerTableWithAgesAndWideColumns() throws Exception {
        JsonNode table = Json.MAPPER.readTree("""
                {"kind":"Table","apiVersion":"meta.k8s.io/v1",
                 "columnDefinitions":[
                   {"name":"Name","type":"string","format":"name","priority":0},
                   {"name":"Data","type":"integer","priority":0},
                   {"name":"Etcd","type":"string","priority":1},
                   {"name":"Age","type":"string","format":"date","priority":0}],
                 "rows":[
                   {"cells":["settings",3,"",  "2026-11-23T09:59:55Z"]},
                   {"cells":["other",0,"root","2026-11-21T10:00:00Z"]}]}
                """);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(TablePrinter.fromServerTable(table, now).render(false)).isEqualTo("""
                NAME       DATA   AGE
                settings   3      5s
                other      0      2d
                """);
        assertThat(TablePrinter.fromServerTable(table, now).render(true)).isEqualTo("""
                NAME       DATA   ETCD     AGE
                settings   3      <none>   5s
                other      0      root     2d
                """);
    }
}
