package dev.canopy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Frozen trees read, compare and serialize exactly like the originals, cannot be changed, and share repeats. */
class FrozenJsonTest {
    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    static final String BINDING = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: owners
              namespace: %s
              uid: %s
              labels: {tenancy.canopy.dev/account: acme, z: '1', a: '2'}
              managedFields: [{manager: kubectl, operation: Apply, fieldsV1: {f:roleRef: {}}}]
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
            subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: john}]
            count: 3
            ratio: 1.5
            enabled: true
            nothing: null
            """;

    @Test
    void readsComparesAndSerializesLikeTheOriginal() {
        ObjectNode original = yaml(BINDING.formatted("s1", "u1"));
        ObjectNode frozen = FrozenJson.freeze(original);
        assertThat(frozen).isEqualTo(original);
        assertThat(original).isEqualTo(frozen);
        assertThat(frozen.hashCode()).isEqualTo(original.hashCode());
        assertThat(Json.write(frozen)).as("same fields in the same order").isEqualTo(Json.write(original));
        assertThat(Objects.labels(frozen)).containsEntry("tenancy.canopy.dev/account", "acme");
        assertThat(frozen.path("subjects").get(0).path("name").asText()).isEqualTo("john");
        assertThat(frozen.path("count").asInt()).isEqualTo(3);
        assertThat(frozen.has("missing")).isFalse();
        assertThat(FrozenJson.isFrozen(frozen)).isTrue();
        assertThat(FrozenJson.freeze(frozen)).as("freezing twice costs nothing").isSameAs(frozen);
    }

    @Test
    void cannotBeChangedButCopiesCan() {
        ObjectNode frozen = FrozenJson.freeze(yaml(BINDING.formatted("s1", "u1")));
        assertThatThrownBy(() -> frozen.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.remove("kind")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((ObjectNode) frozen.get("metadata")).putObject("annotations")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((ArrayNode) frozen.get("subjects")).add("x")).isInstanceOf(UnsupportedOperationException.class);
        ObjectNode copy = frozen.deepCopy();
        ((ObjectNode) copy.get("metadata")).putObject("annotations").put("a", "b");
        ((ArrayNode) copy.get("subjects")).addObject().put("kind", "Group");
        assertThat(copy.path("metadata").path("annotations").path("a").asText()).isEqualTo("b");
        assertThat(frozen.path("metadata").has("annotations")).isFalse();
        assertThat(frozen.path("subjects").size()).isEqualTo(1);
    }

    @Test
    void managedFieldsAreDroppedOnlyWhenAsked() {
        ObjectNode o = yaml(BINDING.formatted("s1", "u1"));
        assertThat(FrozenJson.freeze(o).path("metadata").has("managedFields")).isTrue();
        ObjectNode slim = FrozenJson.freezeWithoutManagedFields(o);
        assertThat(slim.path("metadata").has("managedFields")).isFalse();
        assertThat(slim.path("metadata").path("uid").asText()).isEqualTo("u1");
        ObjectNode nested = yaml("spec: {metadata: {managedFields: [1]}}");
        assertThat(FrozenJson.freezeWithoutManagedFields(nested)).as("only the object's own metadata").isEqualTo(nested);
    }

    @Test
    void repeatedValuesAndSubtreesAreStoredOnce() {
        ObjectNode a = FrozenJson.freeze(yaml(BINDING.formatted("s1", "u1")));
        ObjectNode b = FrozenJson.freeze(yaml(BINDING.formatted("s2", "u2")));
        assertThat(b.get("roleRef")).isSameAs(a.get("roleRef"));
        assertThat(b.get("subjects")).isSameAs(a.get("subjects"));
        assertThat(b.path("metadata").get("labels")).isSameAs(a.path("metadata").get("labels"));
        assertThat(b.path("metadata").get("name")).isSameAs(a.path("metadata").get("name"));
        assertThat(b.path("metadata").get("namespace")).isNotEqualTo(a.path("metadata").get("namespace"));
    }

    @Test
    void anEqualSubtreeInAnotherOrderIsNotShared() {
        ObjectNode a = FrozenJson.freeze(yaml("spec: {x: {p: '1', q: '2'}}"));
        ObjectNode b = FrozenJson.freeze(yaml("spec: {x: {q: '2', p: '1'}}"));
        assertThat(Json.write(b)).isEqualTo("{\"spec\":{\"x\":{\"q\":\"2\",\"p\":\"1\"}}}");
        assertThat(b.path("spec").get("x")).isNotSameAs(a.path("spec").get("x"));
    }

    @Test
    void largeObjectsKeepEveryField() {
        ObjectNode o = Json.object();
        for (int i = 0; i < 100; i++) o.put("k" + i, i);
        ObjectNode frozen = FrozenJson.freeze(o);
        assertThat(frozen).isEqualTo(o);
        assertThat(frozen.path("k77").asInt()).isEqualTo(77);
        assertThat(Json.write(frozen)).isEqualTo(Json.write(o));
        assertThatThrownBy(() -> frozen.put("k1", 5)).isInstanceOf(UnsupportedOperationException.class);
    }
}
