package dev.canopy.backbone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
    final Codec codec = new Codec(2048);

    static ObjectNode ns(int i) { return CodecTest.namespace("tenant-" + i); }

    @Test
    void everyChunkFitsAndTheyReassembleInAnyOrder() {
        List<ObjectNode> objects = IntStream.range(0, 100).mapToObj(SnapshotsTest::ns).toList();
        List<DesiredState.Snapshot> chunks = Snapshots.split(42, objects, codec);
        assertThat(chunks).hasSizeGreaterThan(1);
        for (DesiredState.Snapshot c : chunks) {
            assertThat(codec.encode(c).length).isLessThanOrEqualTo(codec.maxBytes());
            assertThat(c.chunks()).isEqualTo(chunks.size());
        }
        Snapshots.Assembler a = new Snapshots.Assembler();
        List<DesiredState.Snapshot> shuffled = new java.util.ArrayList<>(chunks);
        java.util.Collections.reverse(shuffled);
        List<ObjectNode> result = null;
        for (DesiredState.Snapshot c : shuffled) {
            assertThat(result).isNull();
            result = a.add(c);
        }
        assertThat(result).containsExactlyInAnyOrderElementsOf(objects);
        assertThat(a.revision()).isEqualTo(42);
    }

    @Test
    void emptyClusterIsOneEmptyChunk() {
        assertThat(Snapshots.split(1, List.of(), codec)).containsExactly(new DesiredState.Snapshot(1, List.of()));
        assertThat(new Snapshots.Assembler().add(new DesiredState.Snapshot(1, List.of()))).isEmpty();
    }

    @Test
    void newerRevisionStartsOverAndStaleOrRepeatedChunksAreIgnored() {
        Snapshots.Assembler a = new Snapshots.Assembler();
        assertThat(a.add(new DesiredState.Snapshot(5, 0, 2, List.of(ns(1))))).isNull();
        assertThat(a.add(new DesiredState.Snapshot(5, 0, 2, List.of(ns(1))))).isNull();
        assertThat(a.add(new DesiredState.Snapshot(6, 0, 2, List.of(ns(2))))).isNull();
        assertThat(a.add(new DesiredState.Snapshot(5, 1, 2, List.of(ns(3))))).isNull();
        assertThat(a.add(new DesiredState.Snapshot(6, 1, 2, List.of(ns(4))))).containsExactly(ns(2), ns(4));
    }

    @Test
    void anObjectTooLargeForOneMessageIsRefused() {
        ObjectNode big = ns(1);
        big.putObject("data").put("blob", "x".repeat(4000));
        assertThatThrownBy(() -> Snapshots.split(1, List.of(big), codec))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than a message may carry");
    }
}
