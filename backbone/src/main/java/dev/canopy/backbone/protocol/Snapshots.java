package dev.canopy.backbone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splitting a cluster's desired objects into {@link DesiredState.Snapshot} chunks that each fit the
 * codec's maximum, and putting them back together on the agent. {@link #split} is pure and
 * thread-safe; an {@link Assembler} is stateful and meant for the single thread that handles one
 * cluster's desired-state subject.
 */
public final class Snapshots {
    /** Room left in every chunk for the envelope ({@code v}, {@code type}, revisions, commas). */
    static final int ENVELOPE_BYTES = 256;

    private Snapshots() {}

    /**
     * The chunks of a snapshot at {@code revision}, in order; always at least one (an empty cluster is an
     * empty snapshot). Throws IllegalArgumentException when one object alone does not fit.
     */
    public static List<DesiredState.Snapshot> split(long revision, List<ObjectNode> objects, Codec codec) {
        int budget = codec.maxBytes() - ENVELOPE_BYTES;
        List<List<ObjectNode>> parts = new ArrayList<>();
        List<ObjectNode> current = new ArrayList<>();
        int size = 0;
        for (ObjectNode o : objects) {
            int bytes = Json.write(o).getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes > budget) {
                throw new IllegalArgumentException(ObjectRef.of(o) + " is " + bytes + " bytes, more than a message may carry ("
                        + budget + ")");
            }
            if (size + bytes > budget && !current.isEmpty()) {
                parts.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(o);
            size += bytes;
        }
        parts.add(current);
        List<DesiredState.Snapshot> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) out.add(new DesiredState.Snapshot(revision, i, parts.size(), parts.get(i)));
        return out;
    }

    /**
     * Collects the chunks of one snapshot. A chunk of a newer revision starts over (the older,
     * incomplete snapshot is dropped); chunks of older revisions and repeated chunks are ignored, so
     * redelivery is harmless. Not thread-safe.
     */
    public static final class Assembler {
        private long revision = -1;
        private DesiredState.Snapshot[] chunks;
        private int received;

        /** Adds a chunk; returns all objects of the snapshot once its last missing chunk arrived, else null. */
        public List<ObjectNode> add(DesiredState.Snapshot chunk) {
            if (chunk.clusterRevision() < revision) return null;
            if (chunk.clusterRevision() > revision || chunks == null || chunks.length != chunk.chunks()) {
                revision = chunk.clusterRevision();
                chunks = new DesiredState.Snapshot[chunk.chunks()];
                received = 0;
            }
            if (chunks[chunk.chunk()] != null) return null;
            chunks[chunk.chunk()] = chunk;
            if (++received < chunks.length) return null;
            List<ObjectNode> all = new ArrayList<>();
            for (DesiredState.Snapshot c : chunks) all.addAll(c.objects());
            chunks = null;
            received = 0;
            return all;
        }

        /** The revision of the snapshot being (or last) assembled, -1 before the first chunk. */
        public long revision() { return revision; }
    }
}
