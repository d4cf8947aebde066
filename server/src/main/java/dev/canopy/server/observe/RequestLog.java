package dev.canopy.server.observe;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log: one structured (JSON) line per API request through the logger {@code canopy.requests}.
 * Request threads only queue their line; one background thread hands the logger everything queued as ONE
 * message, the lines after the first carrying the prefix slf4j-simple gives the first ({@code <time> INFO
 * requests - }, as {@code simplelogger.properties} configures it), so the output reads as one line per request.
 * A call to slf4j-simple per request (a date format, a lock and a {@code write} call each) was 5 % of the seed's
 * CPU in {@code canopy bench api}'s creates.
 *
 * <p>At most {@value #CAPACITY} lines wait; beyond that lines are dropped, and the next batch says how many (a
 * log must not hold requests back or fill the heap). Lines still queued when the process is killed are lost;
 * {@link #close} writes them. Lines reach the log up to {@value #GATHER_MS} ms after their request. Thread-safe.
 */
public final class RequestLog implements AutoCloseable {
    static final int CAPACITY = 65_536;
    /** The pause after each batch, so the next one gathers what came meanwhile; lines trail requests by up to this much. */
    static final long GATHER_MS = 20;
    private static final Logger REQUESTS = LoggerFactory.getLogger("canopy.requests");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Consumer<String> sink;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public RequestLog() { this(REQUESTS.isInfoEnabled() ? REQUESTS::info : null); }

    /** @param sink receives each batch as one message (null: the log is off) */
    RequestLog(Consumer<String> sink) {
        this.sink = sink;
        this.writer = sink == null ? null : Thread.ofPlatform().daemon().name("request-log").start(this::run);
    }

    /** Whether lines are logged at all (the logger's level); callers may skip building them. */
    public boolean enabled() { return sink != null; }

    /** Queues one line (a JSON object's text, without a newline). Never blocks. */
    public void log(String json) {
        if (sink == null) return;
        if (closed || !queue.offer(json)) dropped.incrementAndGet();
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) return;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                write(batch);
                batch.clear();
                // let lines gather: waking this thread for every line or two (a futex call each) cost more CPU
                // than the logger calls it saved
                if (!closed) Thread.sleep(GATHER_MS);
            } catch (InterruptedException e) {
                if (closed) return;
            } catch (RuntimeException e) {
                batch.clear();   // a failing sink loses this batch, not the writer
            }
        }
    }

    private void write(List<String> lines) {
        String next = "\n" + TIME.format(Instant.now()) + " INFO requests - ";
        StringBuilder sb = new StringBuilder(lines.size() * 220);
        long lost = dropped.getAndSet(0);
        if (lost > 0) sb.append("{\"dropped\":").append(lost).append(",\"reason\":\"request log queue full\"}").append(next);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) sb.append(next);
            sb.append(lines.get(i));
        }
        sink.accept(sb.toString());
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (writer == null) return;
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) write(rest);
    }
}
