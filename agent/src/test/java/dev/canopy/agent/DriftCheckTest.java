package dev.canopy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.StatusReport.Drift;
import dev.canopy.backbone.protocol.StatusReport.DriftKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftCheckTest {
    static byte[] utf8(String s) { return s.getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    static ObjectNode cm(String name, String json) {
        ObjectNode o = Json.parseObject(utf8("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"namespace\":\"n\",\"name\":\"" + name
                + "\",\"labels\":{\"canopy.dev/managed-by\":\"canopy\"}}," + json + "}"));
        return o;
    }

    static List<String> kinds(List<Drift> d) {
        return d.stream().map(x -> x.object().name() + ":" + x.kind()).toList();
    }

    @Test
    void whatTheClusterAddsIsNotDrift() {
        ObjectNode desired = cm("a", "\"data\":{\"k\":\"v\"}");
        ObjectNode live = desired.deepCopy();
        live.with("metadata").put("uid", "u1").put("resourceVersion", "7").with("annotations").put("other-controller", "x");
        live.with("metadata").with("labels").put("added-by-someone", "y");
        live.with("data").put("extra", "z");   // a key the seed does not set
        live.putObject("status").put("phase", "Active");
        assertThat(DriftCheck.find(List.of(desired), List.of(live))).isEmpty();
    }

    @Test
    void changedValuesRemovedLabelsAndMissingObjectsAreDrift() {
        var rows = List.of(
                new Object[] {cm("a", "\"data\":{\"k\":\"v\"}"), cm("a", "\"data\":{\"k\":\"edited\"}"), "a:MODIFIED"},
                new Object[] {cm("b", "\"data\":{\"k\":\"v\"}"), null, "b:DELETED"},
                new Object[] {cm("c", "\"data\":{\"list\":[1,2]}"), cm("c", "\"data\":{\"list\":[1]}"), "c:MODIFIED"},
                new Object[] {cm("d", "\"data\":{\"n\":1}"), cm("d", "\"data\":{\"n\":1.0}"), null});
        for (Object[] r : rows) {
            List<ObjectNode> live = r[1] == null ? List.of() : List.of((ObjectNode) r[1]);
            List<String> found = kinds(DriftCheck.find(List.of((ObjectNode) r[0]), live));
            if (r[2] == null) assertThat(found).as("row %s", r[0]).isEmpty();
            else assertThat(found).as("row %s", r[0]).containsExactly((String) r[2]);
        }
        ObjectNode labelled = cm("e", "\"data\":{}");
        labelled.with("metadata").with("labels").put("team", "x");
        ObjectNode relabelled = cm("e", "\"data\":{}");
        assertThat(kinds(DriftCheck.find(List.of(labelled), List.of(relabelled)))).containsExactly("e:MODIFIED");
    }
}
