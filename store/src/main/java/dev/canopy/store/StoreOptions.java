package dev.canopy.store;

import java.time.Duration;

/**
 * Tuning of {@link dev.canopy.store.postgres.PostgresStore}.
 *
 * @param poolSize            JDBC connections for reads (the writer and the listener take their own)
 * @param maxBatch            most commands committed in one writer transaction
 * @param ringSize            recent events kept in memory for watches (older ones are read from the log); each
 *                            holds two objects as JSON text (about 1–2 KB for a typical object)
 * @param compactionInterval  how often the automatic compactor runs; zero disables it
 * @param keepRevisions       the compactor keeps at least this many newest log rows ...
 * @param keepAge             ... and every row younger than this
 * @param gcEnabled           whether dependents of removed owners are deleted in the background
 */
public record StoreOptions(int poolSize, int maxBatch, int ringSize, Duration compactionInterval,
                           long keepRevisions, Duration keepAge, boolean gcEnabled) {
    public static StoreOptions defaults() {
        return new StoreOptions(16, 256, 8192, Duration.ofMinutes(5), 100_000, Duration.ofHours(1), true);
    }

    public StoreOptions withCompaction(Duration interval, long keepRevisions, Duration keepAge) {
        return new StoreOptions(poolSize, maxBatch, ringSize, interval, keepRevisions, keepAge, gcEnabled);
    }

    public StoreOptions withRingSize(int size) {
        return new StoreOptions(poolSize, maxBatch, size, compactionInterval, keepRevisions, keepAge, gcEnabled);
    }

    public StoreOptions withGarbageCollection(boolean enabled) {
        return new StoreOptions(poolSize, maxBatch, ringSize, compactionInterval, keepRevisions, keepAge, enabled);
    }

    public StoreOptions withPoolSize(int size) {
        return new StoreOptions(size, maxBatch, ringSize, compactionInterval, keepRevisions, keepAge, gcEnabled);
    }
}
