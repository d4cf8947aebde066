package dev.canopy.server.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    /** What the log's output reads as: the logger's prefix on the first line of a message, ours on the others. */
    static List<String> lines(List<String> messages) {
        List<String> out = new ArrayList<>();
        for (String m : messages) {
            String[] parts = m.split("\n");
            out.add(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                assertThat(parts[i]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO requests - .*");
                out.add(parts[i].substring(parts[i].indexOf(" - ") + 3));
            }
        }
        return out;
    }

    @Test
    void everyLineComesOutOnceInOrder_inBatches() {
        List<String> messages = new CopyOnWriteArrayList<>();
        List<String> sent = new ArrayList<>();
        try (RequestLog log = new RequestLog(messages::add)) {
            for (int i = 0; i < 5_000; i++) {
                String l = "{\"n\":" + i + "}";
                sent.add(l);
                log.log(l);
            }
        }
        assertThat(lines(messages)).containsExactlyElementsOf(sent);
        assertThat(messages.size()).as("lines are handed over in batches").isLessThan(5_000);
    }

    @Test
    void aFullQueueDropsLinesAndSaysHowMany() throws Exception {
        List<String> messages = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (RequestLog log = new RequestLog(m -> {
            messages.add(m);
            try {
                release.await();   // a stuck log destination
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            log.log("{\"first\":true}");
            await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 1);
            for (int i = 0; i < RequestLog.CAPACITY + 10; i++) log.log("{}");
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(messages).size() == 1 + 1 + RequestLog.CAPACITY);
            log.log("{\"last\":true}");
        }
        List<String> out = lines(messages);
        assertThat(out).first().isEqualTo("{\"first\":true}");
        assertThat(out.get(1)).isEqualTo("{\"dropped\":10,\"reason\":\"request log queue full\"}");
        assertThat(out).last().isEqualTo("{\"last\":true}");
        assertThat(out).hasSize(1 + 1 + RequestLog.CAPACITY + 1);
    }

    @Test
    void anOffLoggerLogsNothing() {
        try (RequestLog log = new RequestLog(null)) {
            assertThat(log.enabled()).isFalse();
            log.log("{}");
        }
    }
}
