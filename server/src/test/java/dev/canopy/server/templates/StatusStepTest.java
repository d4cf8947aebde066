package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusStepTest {
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void deployedRecordsTheTemplateVersionTimeAndGeneration() {
        assertThat(StatusStep.deployed("7", 2, NOW).toString()).isEqualTo(
                "{\"status\":\"Deployed\",\"templateResourceVersion\":\"7\",\"lastAppliedTimestamp\":\"2026-01-02T03:04:05Z\",\"observedGeneration\":2}");
    }

    @Test
    void failedKeepsTheLastSuccessfulApplyTime() {
        ObjectNode old = StatusStep.deployed("7", 1, NOW);
        ObjectNode f = StatusStep.failed(old, "ErrorHelm", "boom", "8", 1);
        assertThat(f.path("status").asText()).isEqualTo("Failed");
        assertThat(f.path("reason").asText()).isEqualTo("ErrorHelm");
        assertThat(f.path("message").asText()).isEqualTo("boom");
        assertThat(f.path("templateResourceVersion").asText()).isEqualTo("8");
        assertThat(f.path("lastAppliedTimestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(StatusStep.failed(null, "TemplateNotFound", "x", null, 1).has("templateResourceVersion")).isFalse();
    }

    @Test
    void statusesCompareByValueNotByNumberType() throws Exception {
        ObjectNode written = StatusStep.deployed("7", 2, NOW);
        ObjectNode readBack = (ObjectNode) Json.MAPPER.readTree(Json.write(written));
        assertThat(StatusStep.same(written, readBack)).isTrue();
        assertThat(StatusStep.same(written, StatusStep.deployed("8", 2, NOW))).isFalse();
        assertThat(StatusStep.pending(null).toString()).isEqualTo("{\"status\":\"Pending\"}");
    }
}
