package dev.canopy.server.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.StatusReport;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents' reports → usage per Space namespace: only Spaces kept, unknown until reported, gone with the Space. */
class SpaceUsageTest {
    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    static StatusReport.Usage report(StatusReport.NamespaceUsage... n) { return new StatusReport.Usage(Instant.EPOCH, List.of(n)); }

    @Test
    void spacesUsageIsKeptUntilTheSpaceGoes_aNewSpaceOfTheSameNameIsUnknown() {
        KioskCache cache = KioskCache.of(List.of(yaml("metadata: {name: a}\nspec: {}\n")), Map.of("s1", "a"));
        SpaceUsage usage = new SpaceUsage(cache);
        List<String> changed = new ArrayList<>();
        usage.onChange(changed::add);
        assertThat(usage.of("s1")).isEmpty();   // unknown before any report
        usage.ingest("c1", report(new StatusReport.NamespaceUsage("s1", 2, 500, 1000, 0, 0), new StatusReport.NamespaceUsage("tenant-x", 9, 0, 0, 0, 0)));
        assertThat(usage.of("s1")).containsEntry("pods", BigDecimal.valueOf(2)).containsEntry("requests.cpu", new BigDecimal("0.500"));
        assertThat(usage.of("tenant-x")).isEmpty();   // not a Space
        assertThat(changed).containsExactly("s1");
        usage.ingest("c1", report(new StatusReport.NamespaceUsage("s1", 2, 500, 1000, 0, 0)));
        assertThat(changed).containsExactly("s1");    // the same usage again is no change
        cache.removeSpace("s1");
        assertThat(usage.of("s1")).isEmpty();
        cache.upsertSpace("s1", "a");
        assertThat(usage.of("s1")).isEmpty();         // a new Space of that name: unknown, not the old one's usage
    }
}
