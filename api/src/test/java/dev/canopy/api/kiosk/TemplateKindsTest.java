package dev.canopy.api.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import dev.canopy.api.schema.StrictValidator;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateKindsTest {
    static final Registry REGISTRY = BuiltinKinds.registry();

    static ObjectNode obj(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode example(String file) throws Exception {
        try (InputStream in = TemplateKindsTest.class.getResourceAsStream("/kiosk-examples/" + file)) {
            return (ObjectNode) Json.YAML.readTree(in);
        }
    }

    @Test
    void servedInCanopysGroupAndAsKiosksSharingStorage() {
        ResourceType t = REGISTRY.byKind("tenancy.canopy.dev/v1alpha1", "Template").orElseThrow();
        ResourceType kt = REGISTRY.byKind("config.kiosk.sh/v1alpha1", "Template").orElseThrow();
        ResourceType ti = REGISTRY.byKind("config.kiosk.sh/v1alpha1", "TemplateInstance").orElseThrow();
        assertThat(t.namespaced()).isFalse();
        assertThat(kt.storageResource()).isEqualTo(t.storageResource()).isEqualTo(TemplateKinds.TEMPLATES);
        assertThat(ti.namespaced()).isTrue();
        assertThat(ti.statusSubresource()).isTrue();
        assertThat(ti.storageResource()).isEqualTo(TemplateKinds.TEMPLATE_INSTANCES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"template-manifests.yaml", "template-helm.yaml", "template-instance.yaml", "template-instance-sync.yaml"})
    void kiosksExamplesPassStrictValidationAndTheRules(String file) throws Exception {
        ObjectNode o = example(file);
        ResourceType type = REGISTRY.byKind(o.path("apiVersion").asText(), o.path("kind").asText()).orElseThrow();
        assertThat(StrictValidator.validate(type, o)).isEmpty();
        assertThat(type.validator().validate(o, null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "resources: {manifest: []}                                   | resources.manifest",
            "parameters: [{name: A, defualt: x}]                          | parameters[0].defualt",
            "resources: {helm: {chart: {repository: {name: r, repoURL: x}}}} | resources.helm.chart.repository.repoURL",
            "resources: {helm: {setValues: [{name: a, value: b, forcestring: true}]}} | resources.helm.setValues[0].forcestring",
    })
    void typosInATemplateAreRefusedWithTheirPath(String body, String path) {
        ResourceType t = REGISTRY.byKind("config.kiosk.sh/v1alpha1", "Template").orElseThrow();
        assertThat(StrictValidator.validate(t, obj(body))).extracting(FieldError::field).containsExactly(path);
    }

    @Test
    void typoInAnInstanceIsRefusedWithItsPath() {
        ResourceType t = REGISTRY.byKind("config.kiosk.sh/v1alpha1", "TemplateInstance").orElseThrow();
        assertThat(StrictValidator.validate(t, obj("spec: {template: a, parameters: [{name: A, vlaue: x}]}")))
                .extracting(FieldError::field).containsExactly("spec.parameters[0].vlaue");
        assertThat(StrictValidator.validate(t, obj("status: {status: Broken}")))
                .extracting(FieldError::field).containsExactly("status.status");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "parameters: [{value: x}]                                      | parameters[0].name",
            "parameters: [{name: 'A B'}]                                    | parameters[0].name",
            "parameters: [{name: A}, {name: A}]                             | parameters[1].name",
            "parameters: [{name: A, validation: '('}]                       | parameters[0].validation",
            "parameters: [{name: A, value: abc, validation: '^[0-9]+$'}]    | parameters[0].value",
            "resources: {manifests: [{kind: ConfigMap, metadata: {name: a}}]} | resources.manifests[0].apiVersion",
            "resources: {manifests: [{apiVersion: v1, kind: ConfigMap}]}    | resources.manifests[0].metadata.name",
            "resources: {helm: {chart: {}}}                                 | resources.helm.chart",
            "resources: {helm: {chart: {repository: {repoUrl: 'http://x'}}}} | resources.helm.chart.repository.name",
            "resources: {helm: {chart: {repository: {name: r, repoUrl: 'ftp://x'}}}} | resources.helm.chart.repository.repoUrl",
            "resources: {helm: {chart: {path: /c}, setValues: [{value: x}]}} | resources.helm.setValues[0].name",
    })
    void templateRulesNameTheField(String body, String path) {
        assertThat(TemplateKinds.validateTemplate(obj(body))).extracting(FieldError::field).containsExactly(path);
    }

    @Test
    void clusterScopedManifestsNeedThePlatformAdminsAnnotation() {
        String manifests = "resources: {manifests: [{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: {name: x}}]}";
        assertThat(TemplateKinds.validateTemplate(obj(manifests))).extracting(FieldError::field).containsExactly("resources.manifests[0].kind");
        assertThat(TemplateKinds.validateTemplate(obj("metadata: {annotations: {tenancy.canopy.dev/allow-cluster-scoped: 'true'}}\n" + manifests))).isEmpty();
    }

    @Test
    void instanceNeedsATemplateThatNeverChanges() {
        assertThat(TemplateKinds.validateInstance(obj("spec: {}"), null)).extracting(FieldError::field).containsExactly("spec.template");
        assertThat(TemplateKinds.validateInstance(obj("spec: {template: b}"), obj("spec: {template: a}")))
                .extracting(FieldError::detail).singleElement().asString().contains("immutable");
        assertThat(TemplateKinds.validateInstance(obj("spec: {template: a, sync: true}"), obj("spec: {template: a}"))).isEmpty();
        assertThat(TemplateKinds.validateInstance(obj("spec: {template: a, parameters: [{name: X}, {name: X}]}"), null))
                .extracting(FieldError::field).containsExactly("spec.parameters[1].name");
    }

    @Test
    void columnsShowSourceAndStatus() {
        ResourceType t = REGISTRY.byKind("tenancy.canopy.dev/v1alpha1", "Template").orElseThrow();
        ResourceType ti = REGISTRY.byKind("tenancy.canopy.dev/v1alpha1", "TemplateInstance").orElseThrow();
        ObjectNode tpl = obj("{resources: {manifests: [{}, {}], helm: {chart: {repository: {name: redis}}}}, parameters: [{name: A}]}");
        assertThat(t.columns()).extracting(c -> c.name() + "=" + c.value().apply(tpl)).containsExactly("SOURCE=2 manifests, helm redis", "PARAMETERS=1");
        ObjectNode inst = obj("{spec: {template: redis, sync: true}, status: {status: Failed, reason: ErrorHelm, message: boom, templateResourceVersion: '7'}}");
        assertThat(ti.columns()).extracting(c -> c.name() + "=" + c.value().apply(inst))
                .containsExactly("TEMPLATE=redis", "SYNC=true", "STATUS=Failed", "REASON=ErrorHelm", "TEMPLATE-VERSION=7", "MESSAGE=boom");
    }
}
