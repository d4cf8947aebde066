package dev.canopy.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A status built in memory equals the same status read back from the store. */
class ConditionsTest {
    @Test
    void numbersCompareByValueSoAnUnchangedStatusIsNotRewritten() {
        ObjectNode built = Json.object();
        built.put("observedGeneration", 3L).putObject("services").put("etcd", "tenant-root");
        ObjectNode stored = (ObjectNode) Json.parseYaml("{\"observedGeneration\":3,\"services\":{\"etcd\":\"tenant-root\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(built.equals(stored)).isFalse();   // why same() exists: LongNode(3) vs IntNode(3)
        assertThat(Conditions.same(built, stored)).isTrue();
        stored.put("observedGeneration", 4);
        assertThat(Conditions.same(built, stored)).isFalse();
    }
}
