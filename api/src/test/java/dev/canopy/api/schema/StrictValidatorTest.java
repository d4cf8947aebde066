package dev.canopy.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrictValidatorTest {
    static final Registry REGISTRY = BuiltinKinds.registry();

    static ResourceType type(String apiVersion, String kind) { return REGISTRY.byKind(apiVersion, kind).orElseThrow(); }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("valid configmap", "v1", "ConfigMap",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"y\"}},\"data\":{\"k\":\"v\"},\"binaryData\":{\"b\":\"AAEC\"},\"immutable\":false}",
                        List.of()),
                Arguments.of("misspelled top-level field", "v1", "ConfigMap",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"dat\":{\"k\":\"v\"}}",
                        List.of("dat: unknown field \"dat\"")),
                Arguments.of("misspelled metadata field", "v1", "ConfigMap",
                        "{\"metadata\":{\"name\":\"a\",\"labelz\":{\"x\":\"y\"}}}",
                        List.of("metadata.labelz: unknown field \"labelz\"")),
                Arguments.of("configmap value of wrong type", "v1", "ConfigMap",
                        "{\"metadata\":{\"name\":\"a\"},\"data\":{\"key\":1}}",
                        List.of("data[key]: Invalid value: expected string")),
                Arguments.of("label value of wrong type", "v1", "ConfigMap",
                        "{\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":true}}}",
                        List.of("metadata.labels[x]: Invalid value: expected string")),
                Arguments.of("rolebinding subject typo", "rbac.authorization.k8s.io/v1", "RoleBinding",
                        "{\"metadata\":{\"name\":\"a\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"r\"},"
                                + "\"subjects\":[{\"kind\":\"User\",\"name\":\"u\"},{\"kind\":\"User\",\"nmae\":\"v\"}]}",
                        List.of("subjects[1].nmae: unknown field \"nmae\"")),
                Arguments.of("subjects not a list", "rbac.authorization.k8s.io/v1", "RoleBinding",
                        "{\"metadata\":{\"name\":\"a\"},\"subjects\":{\"kind\":\"User\"}}",
                        List.of("subjects: Invalid value: expected array")),
                Arguments.of("tenant host typo and bad bool", "tenancy.canopy.dev/v1alpha1", "Tenant",
                        "{\"apiVersion\":\"tenancy.canopy.dev/v1alpha1\",\"kind\":\"Tenant\",\"metadata\":{\"name\":\"foo\"},\"spec\":{\"hots\":\"x\",\"etcd\":\"yes\"}}",
                        List.of("spec.hots: unknown field \"hots\"", "spec.etcd: Invalid value: expected boolean")),
                Arguments.of("tenant quotas accept int-or-string", "tenancy.canopy.dev/v1alpha1", "Tenant",
                        "{\"metadata\":{\"name\":\"foo\"},\"spec\":{\"resourceQuotas\":{\"cpu\":4,\"memory\":\"8Gi\",\"storage\":0.5}}}",
                        List.of()),
                Arguments.of("tenant quota of wrong type", "tenancy.canopy.dev/v1alpha1", "Tenant",
                        "{\"metadata\":{\"name\":\"foo\"},\"spec\":{\"resourceQuotas\":{\"cpu\":{\"n\":1}}}}",
                        List.of("spec.resourceQuotas[cpu]: Invalid value: expected string or number")),
                Arguments.of("tenant placement is a label selector", "tenancy.canopy.dev/v1alpha1", "Tenant",
                        "{\"metadata\":{\"name\":\"foo\"},\"spec\":{\"placement\":{\"matchLabels\":{\"a\":\"b\"},\"matchExpresions\":[]}}}",
                        List.of("spec.placement.matchExpresions: unknown field \"matchExpresions\"")),
                Arguments.of("tenant status conditions", "tenancy.canopy.dev/v1alpha1", "Tenant",
                        "{\"metadata\":{\"name\":\"foo\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"2024-01-01T00:00:00Z\",\"observedGeneration\":2,\"bogus\":1}]}}",
                        List.of("status.conditions[0].bogus: unknown field \"bogus\"")),
                Arguments.of("managedFields fieldsV1 is free-form", "v1", "ConfigMap",
                        "{\"metadata\":{\"name\":\"a\",\"managedFields\":[{\"manager\":\"m\",\"operation\":\"Apply\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:k\":{}}}}]}}",
                        List.of()),
                Arguments.of("nulls are unset values", "v1", "ConfigMap",
                        "{\"metadata\":{\"name\":\"a\",\"labels\":null},\"data\":null}",
                        List.of()),
                Arguments.of("apiVersion must be a string", "v1", "Namespace",
                        "{\"apiVersion\":1,\"metadata\":{\"name\":\"a\"},\"spec\":{\"finalizers\":[\"kubernetes\"]}}",
                        List.of("apiVersion: Invalid value: expected string")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsUnknownAndMistypedFields(String name, String apiVersion, String kind, String body, List<String> expected) {
        List<FieldError> errors = StrictValidator.validate(type(apiVersion, kind), Json.parseObject(body.getBytes()));
        assertThat(errors).map(FieldError::toString).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeMetaCases")
    void checksApiVersionAndKind(String name, String body, List<String> expectedFields) {
        var errors = StrictValidator.checkTypeMeta(type("tenancy.canopy.dev/v1alpha1", "Tenant"), Json.parseObject(body.getBytes()));
        assertThat(errors).map(FieldError::field).containsExactlyElementsOf(expectedFields);
        errors.forEach(e -> assertThat(e.detail()).contains(e.field().equals("kind") ? "Tenant" : "tenancy.canopy.dev/v1alpha1"));
    }

    static Stream<Arguments> typeMetaCases() {
        return Stream.of(
                Arguments.of("matching", "{\"apiVersion\":\"tenancy.canopy.dev/v1alpha1\",\"kind\":\"Tenant\"}", List.of()),
                Arguments.of("absent is filled by the server", "{}", List.of()),
                Arguments.of("wrong group", "{\"apiVersion\":\"apps.cozystack.io/v1alpha1\",\"kind\":\"Tenant\"}", List.of("apiVersion")),
                Arguments.of("wrong kind", "{\"apiVersion\":\"tenancy.canopy.dev/v1alpha1\",\"kind\":\"Tennant\"}", List.of("kind")));
    }
}
