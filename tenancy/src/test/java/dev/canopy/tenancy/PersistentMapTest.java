package dev.canopy.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersistentMapTest {

    /** A key type with a terrible hash, so collision nodes get exercised. */
    record Key(int id) {
        @Override public int hashCode() { return id % 7; }
    }

    @Test
    void behavesLikeAHashMapUnderRandomUpdatesAndKeepsOldVersions() {
        Random rnd = new Random(42);
        for (boolean badHash : new boolean[] {false, true}) {
            PersistentMap<Object, Integer> p = PersistentMap.empty();
            Map<Object, Integer> ref = new HashMap<>();
            PersistentMap<Object, Integer> snapshot = null;
            Map<Object, Integer> snapshotRef = null;
            for (int i = 0; i < 20_000; i++) {
                int id = rnd.nextInt(3_000);
                Object k = badHash ? new Key(id) : "tenant-" + id;
                if (rnd.nextInt(3) == 0) { p = p.minus(k); ref.remove(k); }
                else { int v = rnd.nextInt(); p = p.plus(k, v); ref.put(k, v); }
                if (i == 10_000) { snapshot = p; snapshotRef = new HashMap<>(ref); }
            }
            assertThat(p.size()).isEqualTo(ref.size());
            Map<Object, Integer> copy = new HashMap<>();
            p.forEach(copy::put);
            assertThat(copy).isEqualTo(ref);
            for (int id = 0; id < 3_000; id++) {
                Object k = badHash ? new Key(id) : "tenant-" + id;
                assertThat(p.get(k)).isEqualTo(ref.get(k));
            }
            Map<Object, Integer> old = new HashMap<>();
            snapshot.forEach(old::put);
            assertThat(old).isEqualTo(snapshotRef);
        }
    }

    @Test
    void unchangedUpdatesReturnTheSameMap() {
        Integer one = 1;
        PersistentMap<String, Integer> p = PersistentMap.<String, Integer>empty().plus("a", one);
        assertThat(p.plus("a", one)).isSameAs(p);
        assertThat(p.minus("b")).isSameAs(p);
        assertThat(p.minus("a").size()).isZero();
    }
}
