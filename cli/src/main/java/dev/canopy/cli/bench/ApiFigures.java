package dev.canopy.cli.bench;

import java.util.List;
import java.util.Optional;

/**
 * Everything {@code canopy bench api} measured; printed as a table or, with {@code -o json}, as JSON.
 *
 * @param machine            processors and JVM, e.g. "2 CPUs, Java 25, Linux"
 * @param objects            ConfigMaps preloaded before measuring
 * @param clients            concurrent clients of each phase
 * @param phaseSeconds       how long each timed phase ran
 * @param preloadSeconds     how long the preload took
 * @param operations         create, get, update, list-by-label, watch delivery, raw insert (see {@link ApiBenchmark})
 * @param createToRawRatio   create throughput divided by the raw INSERT + COMMIT throughput
 * @param heapAfterPreloadMb used heap after a full GC once the preload finished (seed and bench share the JVM)
 * @param heapAfterRunMb     used heap after a full GC at the end
 * @param notes              how to read the figures (what watch delivery is measured from, …)
 */
public record ApiFigures(String machine, int objects, int clients, long phaseSeconds, double preloadSeconds,
                         List<OpStats> operations, double createToRawRatio, double heapAfterPreloadMb,
                         double heapAfterRunMb, List<String> notes) {

    public static final String CREATE = "create", GET = "get", UPDATE = "update", LIST = "list-by-label",
            WATCH = "watch-delivery", WATCH_AFTER_ACK = "watch-after-ack", RAW_INSERT = "raw-insert";

    public ApiFigures {
        operations = List.copyOf(operations);
        notes = List.copyOf(notes);
    }

    /** The figures of one operation, if it was measured. */
    public Optional<OpStats> operation(String name) {
        return operations.stream().filter(o -> o.operation().equals(name)).findFirst();
    }
}
