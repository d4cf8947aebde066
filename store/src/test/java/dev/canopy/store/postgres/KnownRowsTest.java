package dev.canopy.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.store.ResourceKey;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KnownRowsTest {
    private static ResourceKey key(String name) { return new ResourceKey("core/configmaps", "ns", name); }

    @Test
    void nothingIsKnownBeforeTheCounterIsSeen() {
        KnownRows k = new KnownRows(8);
        k.read(key("a"), "{}");
        assertThat(k.revision()).isEqualTo(-1);
        assertThat(k.get(key("a"))).isNull();
    }

    @Test
    void rowsStayKnownWhileTheCounterIsWhereThisWriterLeftIt() {
        KnownRows k = new KnownRows(8);
        k.sawCounter(10);
        k.read(key("a"), "{\"v\":1}");
        k.read(key("free"), null);
        ObjectNode b = Json.object().put("v", 2);
        Map<ResourceKey, Optional<ObjectNode>> writes = new LinkedHashMap<>();
        writes.put(key("b"), Optional.of(b));
        writes.put(key("a"), Optional.empty());
        Map<ObjectNode, String> texts = new IdentityHashMap<>();
        texts.put(b, "{\"v\":2}");
        k.committed(writes, texts, 12);

        k.sawCounter(12);   // no one else wrote
        assertThat(k.revision()).isEqualTo(12);
        assertThat(k.get(key("a"))).isEqualTo(KnownRows.Row.FREE);
        assertThat(k.get(key("free"))).isEqualTo(KnownRows.Row.FREE);
        assertThat(k.get(key("b")).text()).isEqualTo("{\"v\":2}");
        assertThat(k.get(key("never"))).isNull();

        k.sawCounter(13);   // another process wrote: nothing known is exact
        assertThat(k.size()).isZero();
        assertThat(k.get(key("b"))).isNull();
        assertThat(k.revision()).isEqualTo(13);
    }

    @Test
    void theLeastRecentlyUsedRowsLeaveFirst() {
        KnownRows k = new KnownRows(2);
        k.sawCounter(1);
        k.read(key("a"), "{}");
        k.read(key("b"), "{}");
        k.get(key("a"));
        k.read(key("c"), "{}");
        assertThat(k.size()).isEqualTo(2);
        assertThat(k.get(key("b"))).isNull();
        assertThat(k.get(key("a"))).isNotNull();
        k.forget();
        assertThat(k.revision()).isEqualTo(-1);
        assertThat(k.get(key("a"))).isNull();
    }
}
