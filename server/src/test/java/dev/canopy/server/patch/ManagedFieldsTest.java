package dev.canopy.server.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {
    static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

    static ObjectNode obj(String json) { return Json.parseObject(json.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void createRecordsEveryFieldWithNewMapsAsMembers() throws Exception {
        ObjectNode o = ManagedFields.recordUpdate(null,
                obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\",\"namespace\":\"ns\",\"uid\":\"u\",\"resourceVersion\":\"1\",\"labels\":{\"a\":\"1\"}},\"data\":{\"k\":\"v\"}}"),
                "kubectl-create", "v1", T1);
        JsonNode e = o.at("/metadata/managedFields/0");
        assertThat(e.get("manager").asText()).isEqualTo("kubectl-create");
        assertThat(e.get("operation").asText()).isEqualTo("Update");
        assertThat(e.get("time").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(e.get("fieldsV1")).isEqualTo(Json.MAPPER.readTree(
                "{\"f:data\":{\".\":{},\"f:k\":{}},\"f:metadata\":{\"f:labels\":{\".\":{},\"f:a\":{}}}}"));
    }

    @Test
    void updatesMoveOwnershipAndRemovalsDropIt() {
        ObjectNode created = ManagedFields.recordUpdate(null, obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"},\"data\":{\"a\":\"1\",\"b\":\"2\"}}"), "creator", "v1", T1);
        ObjectNode edited = created.deepCopy();
        ((ObjectNode) edited.get("data")).put("a", "changed").remove("b");
        ObjectNode o = ManagedFields.recordUpdate(created, edited, "kubectl-edit", "v1", T2);
        ArrayNode mf = (ArrayNode) o.at("/metadata/managedFields");
        assertThat(mf).hasSize(2);
        JsonNode creator = mf.get(0), editor = mf.get(1);
        assertThat(creator.get("manager").asText()).isEqualTo("creator");
        // The creator still owns the data map it created, no longer its keys.
        assertThat(creator.at("/fieldsV1").toString()).isEqualTo("{\"f:data\":{}}");
        assertThat(editor.get("manager").asText()).isEqualTo("kubectl-edit");
        assertThat(editor.at("/fieldsV1").toString()).isEqualTo("{\"f:data\":{\"f:a\":{}}}");
    }

    @Test
    void anUpdateThatChangesNothingLeavesOwnershipAlone() {
        ObjectNode created = ManagedFields.recordUpdate(null, obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"},\"data\":{\"a\":\"1\"}}"), "creator", "v1", T1);
        ObjectNode o = ManagedFields.recordUpdate(created, created.deepCopy(), "someone", "v1", T2);
        assertThat(o).isEqualTo(created);
    }

    @Test
    void managedFieldsSetByTheRequestAreTakenAsGiven() {
        ObjectNode created = ManagedFields.recordUpdate(null, obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"},\"data\":{\"a\":\"1\"}}"), "kubectl-client-side-apply", "v1", T1);
        // What kubectl's client-side to server-side apply migration sends (a JSON patch on managedFields).
        ObjectNode migrated = Patches.apply(PatchType.JSON, created, """
                [{"op":"replace","path":"/metadata/managedFields","value":[{"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"2026-01-01T10:30:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]}]
                """.getBytes(StandardCharsets.UTF_8), PatchContext.of(null));
        ObjectNode o = ManagedFields.recordUpdate(created, migrated, "kubectl", "v1", T2);
        assertThat(o.at("/metadata/managedFields").size()).isEqualTo(1);
        assertThat(o.at("/metadata/managedFields/0/operation").asText()).isEqualTo("Apply");
        ObjectNode applied = ServerSideApply.apply(o, obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"},\"data\":{\"a\":\"2\"}}"), "kubectl", false, T2);
        assertThat(applied.at("/data/a").asText()).isEqualTo("2");
        ObjectNode cleared = obj(created.toString());
        ((ObjectNode) cleared.get("metadata")).putArray("managedFields");
        assertThat(ManagedFields.recordUpdate(created, cleared, "x", "v1", T2).at("/metadata").has("managedFields")).isFalse();
    }
}
