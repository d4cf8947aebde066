package dev.canopy.tenancy.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {
    static ObjectNode obj(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // kiosk's template-manifests.yaml, unchanged
    static final ObjectNode KIOSK_TEMPLATE = obj("""
            apiVersion: config.kiosk.sh/v1alpha1
            kind: Template
            metadata:
              name: space-restrictions
            parameters:
              - name: DEFAULT_CPU_LIMIT
                value: "1"
              - name: DEFAULT_CPU_REQUESTS
                value: "0.5"
                validation: "^[0-9]*\\\\.?[0-9]+$"
            resources:
              manifests:
                - apiVersion: v1
                  kind: LimitRange
                  metadata:
                    name: space-limit-range
                    annotations:
                      example-parameter: "Hello from ${namespace} - ${WILL_NOT_BE_REPLACED}"
                  spec:
                    limits:
                      - default:
                          cpu: "${{DEFAULT_CPU_LIMIT}}"
                        defaultRequest:
                          cpu: "${{DEFAULT_CPU_REQUESTS}}"
                        type: Container
            """);
    static final TemplateContext CTX = new TemplateContext("johns-space", Map.of(), Map.of(), "johns-account", Map.of(), Map.of());

    @Test
    void kiosksExampleRendersAsKioskDocuments() {
        ObjectNode instance = obj("{metadata: {name: i, namespace: johns-space}, spec: {template: space-restrictions, sync: true, parameters: [{name: DEFAULT_CPU_REQUESTS, value: '1'}]}}");
        List<ObjectNode> out = TemplateEngine.manifests(TemplateEngine.prepare(KIOSK_TEMPLATE, instance, CTX), "johns-space");
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.at("/metadata/namespace").asText()).isEqualTo("johns-space");
            assertThat(o.at("/metadata/annotations/example-parameter").asText()).isEqualTo("Hello from johns-space - ${WILL_NOT_BE_REPLACED}");
            assertThat(o.at("/spec/limits/0/default/cpu").isNumber()).isTrue();
            assertThat(o.at("/spec/limits/0/default/cpu").asInt()).isEqualTo(1);
            assertThat(o.at("/spec/limits/0/defaultRequest/cpu").asInt()).isEqualTo(1);
        });
    }

    @Test
    void badParameterIs422NamingIt() {
        ObjectNode instance = obj("{metadata: {name: i}, spec: {template: space-restrictions, parameters: [{name: DEFAULT_CPU_REQUESTS, value: 'a lot'}]}}");
        assertThatThrownBy(() -> TemplateEngine.prepare(KIOSK_TEMPLATE, instance, CTX))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.causes()).extracting(c -> c.field()).containsExactly("spec.parameters[0].value");
                    assertThat(e.getMessage()).contains("DEFAULT_CPU_REQUESTS");
                });
    }

    @Test
    void objectsGoIntoTheInstancesNamespaceWhateverTheyNameAndClusterKindsKeepNone() {
        List<ObjectNode> out = TemplateEngine.place(List.of(
                obj("{apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: kube-system, uid: x, resourceVersion: '3'}}"),
                obj("{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: r, namespace: q}}")), "space");
        assertThat(out.get(0).get("metadata").toString()).isEqualTo("{\"name\":\"a\",\"namespace\":\"space\"}");
        assertThat(out.get(1).get("metadata").toString()).isEqualTo("{\"name\":\"r\"}");
    }

    @Test
    void helmValuesAreSubstitutedInTheirStrings() {
        ObjectNode t = obj("""
                metadata: {name: redis}
                parameters: [{name: PORT, value: "6379"}]
                resources:
                  helm:
                    values: |
                      redisPort: ${{PORT}}
                      myOtherValue: ${namespace}
                      literal: $${namespace}
                """);
        String values = TemplateEngine.helmValues(TemplateEngine.prepare(t, obj("{metadata: {name: i}, spec: {template: redis}}"), CTX));
        assertThat(obj(values)).isEqualTo(obj("{redisPort: 6379, myOtherValue: johns-space, literal: '${namespace}'}"));
    }

    @Test
    void missingLabelBuiltinFailsWithTheManifestPath() {
        ObjectNode t = obj("{metadata: {name: t}, resources: {manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {team: '${namespace.metadata.labels.team}'}}]}}");
        assertThatThrownBy(() -> TemplateEngine.manifests(TemplateEngine.prepare(t, obj("{metadata: {name: i}, spec: {template: t}}"), CTX), "ns"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.causes()).extracting(c -> c.field()).containsExactly("resources.manifests[0].data.team");
                });
    }
}
