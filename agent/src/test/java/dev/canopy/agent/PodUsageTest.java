package dev.canopy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.StatusReport.NamespaceUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodUsageTest {
    static byte[] utf8(String s) { return s.getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    static JsonNode pod(String ns, String phase, String cpuReq, String memLim) {
        return Json.parseObject(utf8("{\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"" + ns + "\",\"name\":\"p\"},\"spec\":{\"containers\":["
                + "{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"" + cpuReq + "\"},\"limits\":{\"memory\":\"" + memLim + "\"}}},"
                + "{\"name\":\"b\"}]},\"status\":{\"phase\":\"" + phase + "\"}}"));
    }

    @Test
    void sumsRunningPodsPerNamespaceAndListsEmptyOnes() {
        List<JsonNode> pods = List.of(
                pod("a", "Running", "250m", "128Mi"),
                pod("a", "Pending", "1", "1Gi"),
                pod("a", "Succeeded", "4", "4Gi"),        // finished pods hold nothing
                pod("elsewhere", "Running", "1", "1Gi"));  // not one of ours
        assertThat(PodUsage.of(pods, List.of("a", "empty"))).containsExactly(
                new NamespaceUsage("a", 2, 1250, 0, 0, (128L << 20) + (1L << 30)),
                new NamespaceUsage("empty", 0, 0, 0, 0, 0));
    }
}
