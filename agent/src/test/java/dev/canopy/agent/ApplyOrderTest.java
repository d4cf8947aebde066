package dev.canopy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyOrderTest {
    private static ObjectNode obj(String kind, String name) {
        ObjectNode o = Json.object().put("kind", kind);
        o.putObject("metadata").put("name", name);
        return o;
    }

    private static List<String> names(List<ObjectNode> os) {
        return os.stream().map(o -> o.path("metadata").path("name").asText()).toList();
    }

    @Test
    void namespacesFirstBindingsLastOthersKeepTheirOrder() {
        var in = List.of(obj("RoleBinding", "rb"), obj("Deployment", "d1"), obj("NetworkPolicy", "np"),
                obj("Namespace", "ns"), obj("Deployment", "d2"), obj("ConfigMap", "cm"));
        assertThat(names(ApplyOrder.forApply(in))).containsExactly("ns", "np", "cm", "d1", "d2", "rb");
    }

    @Test
    void pruneReversesTheRanks() {
        var in = List.of(obj("Namespace", "ns"), obj("RoleBinding", "rb"), obj("NetworkPolicy", "np"));
        assertThat(names(ApplyOrder.forPrune(in))).containsExactly("rb", "np", "ns");
    }
}
