package dev.canopy.backbone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the seed wants on a cluster, published on {@code fleet.<cluster>.desired}. An agent first gets a
 * {@link Snapshot} (possibly in chunks: it holds when all {@code chunks} parts of one revision have
 * arrived), then {@link Delta}s; a delta whose {@code fromRevision} is not the agent's current revision
 * means a gap: the agent asks for a snapshot again. Applying the same revision twice is a no-op.
 */
public sealed interface DesiredState extends SeedMessage {

    /** The revision of the cluster's desired state this message brings the agent to. */
    long revision();

    /** All desired objects of a cluster at {@code clusterRevision}, part {@code chunk} of {@code chunks} (0-based). */
    record Snapshot(long clusterRevision, int chunk, int chunks, List<ObjectNode> objects) implements DesiredState {
        public Snapshot {
            Checks.notNegative(clusterRevision, "clusterRevision");
            if (chunks < 1 || chunk < 0 || chunk >= chunks) throw new IllegalArgumentException("chunk must be in [0, chunks)");
            objects = Checks.objects(objects, "objects");
        }

        /** A snapshot in one message. */
        public Snapshot(long clusterRevision, List<ObjectNode> objects) { this(clusterRevision, 0, 1, objects); }

        @Override
        public long revision() { return clusterRevision; }
    }

    /** Changes from {@code fromRevision} to {@code toRevision}: objects to create or update, objects to delete. */
    record Delta(long fromRevision, long toRevision, List<ObjectNode> upserts, List<ObjectRef> deletes) implements DesiredState {
        public Delta {
            Checks.notNegative(fromRevision, "fromRevision");
            if (toRevision <= fromRevision) throw new IllegalArgumentException("toRevision must be after fromRevision");
            upserts = Checks.objects(upserts, "upserts");
            deletes = Checks.list(deletes, "deletes");
        }

        @Override
        public long revision() { return toRevision; }
    }
}
