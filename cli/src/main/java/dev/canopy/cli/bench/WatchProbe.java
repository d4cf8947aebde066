package dev.canopy.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Watch delivery latency: a few watchers on {@link BenchObjects#WATCH_NAMESPACE}, and {@code clients}
 * writers creating ConfigMaps there for the phase's duration. For every (watcher, object) pair two
 * figures are kept: from the write's start (just before the POST is sent) to the event's arrival, and
 * from the write's acknowledgement (its response fully read) to the event's arrival, 0 when the event came
 * first. Events that never arrive count as errors.
 */
public final class WatchProbe {
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(w-\\d+-\\d+)\"");

    private record Arrival(String name, long nanos) {}

    private final SeedHttp http;
    private final int watchers;

    public WatchProbe(SeedHttp http, int watchers) {
        this.http = http;
        this.watchers = watchers;
    }

    /** Runs the probe; returns {fromStart, afterAck}. */
    public List<OpStats> run(int clients, Duration duration) throws Exception {
        Map<String, Long> started = new ConcurrentHashMap<>(), acked = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
        List<Stream<String>> streams = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try {
            for (int w = 0; w < watchers; w++) {
                Stream<String> lines = http.watch(BenchObjects.collection(BenchObjects.WATCH_NAMESPACE) + "?watch=true");
                streams.add(lines);
                readers.add(Thread.ofPlatform().daemon().name("bench-watcher-" + w).start(() -> {
                    try {
                        lines.forEach(line -> {
                            long now = System.nanoTime();
                            if (!line.contains("\"ADDED\"")) return;
                            Matcher m = NAME.matcher(line);
                            if (m.find()) arrivals.add(new Arrival(m.group(1), now));
                        });
                    } catch (RuntimeException closed) {
                        // the stream was closed at the end of the probe
                    }
                }));
            }
            Thread.sleep(300); // let the watches register before the first write
            Phase.run("watch-writes", clients, duration, (client, seq) -> {
                String name = "w-" + client + "-" + seq;
                started.put(name, System.nanoTime());
                var r = http.post(BenchObjects.collection(BenchObjects.WATCH_NAMESPACE),
                        BenchObjects.json(BenchObjects.WATCH_NAMESPACE, name, "bench-watch", null, 0, null));
                if (!r.ok()) {
                    started.remove(name);
                    return false;
                }
                acked.put(name, System.nanoTime());
                return true;
            });
            long expected = (long) acked.size() * watchers;
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (arrivals.size() < expected && System.nanoTime() < until) Thread.sleep(50);
        } finally {
            for (Stream<String> s : streams) s.close();
        }
        Latencies fromStart = new Latencies(ApiFigures.WATCH), afterAck = new Latencies(ApiFigures.WATCH_AFTER_ACK);
        long seen = 0;
        for (Arrival a : arrivals) {
            Long s = started.get(a.name()), k = acked.get(a.name());
            if (s == null || k == null) continue;
            seen++;
            fromStart.record(a.nanos() - s);
            afterAck.record(Math.max(0, a.nanos() - k));
        }
        for (long missing = (long) acked.size() * watchers - seen; missing > 0; missing--) {
            fromStart.error();
            afterAck.error();
        }
        return List.of(fromStart.stats(0), afterAck.stats(0));
    }
}
