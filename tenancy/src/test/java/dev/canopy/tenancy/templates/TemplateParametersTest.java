package dev.canopy.tenancy.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateParametersTest {
    // kiosk's template-manifests.yaml parameters, plus a required one
    static final JsonNode DECLARED = yaml("""
            - {name: DEFAULT_CPU_LIMIT, value: "1"}
            - {name: DEFAULT_CPU_REQUESTS, value: "0.5", validation: "^[0-9]*\\\\.?[0-9]+$"}
            - {name: OWNER, required: true}
            """);

    static JsonNode yaml(String s) {
        try {
            return Json.YAML.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void instanceValuesWinOverDefaults() {
        var r = TemplateParameters.resolve("t", DECLARED, yaml("[{name: DEFAULT_CPU_REQUESTS, value: '1'}, {name: OWNER, value: john}]"), "spec.parameters");
        assertThat(r.errors()).isEmpty();
        assertThat(r.values()).containsEntry("DEFAULT_CPU_LIMIT", "1").containsEntry("DEFAULT_CPU_REQUESTS", "1").containsEntry("OWNER", "john");
    }

    @Test
    void aTemplateWithoutRequiredParametersNeedsNone() {
        var r = TemplateParameters.resolve("t", yaml("[{name: A, value: x}]"), null, "spec.parameters");
        assertThat(r.ok()).isTrue();
        assertThat(r.values()).containsExactly(java.util.Map.entry("A", "x"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[]                                                              | spec.parameters               | parameter OWNER is required by template t",
            "[{name: OWNER, value: a}, {name: DEFAULT_CPU_REQUESTS, value: lots}] | spec.parameters[1].value | parameter DEFAULT_CPU_REQUESTS must match",
            "[{name: OWNER, value: a}, {name: NOPE, value: x}]               | spec.parameters[1].name       | supported values: \"DEFAULT_CPU_LIMIT\", \"DEFAULT_CPU_REQUESTS\", \"OWNER\"",
            "[{name: OWNER, value: a}, {value: x}]                           | spec.parameters[1].name       | Required value",
    })
    void badInputNamesTheParameter(String given, String field, String detail) {
        var r = TemplateParameters.resolve("t", DECLARED, yaml(given), "spec.parameters");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.detail()).contains(detail);
        });
    }

    @Test
    void undeclaredParameterOfATemplateWithoutParameters() {
        var r = TemplateParameters.resolve("plain", null, yaml("[{name: X, value: y}]"), "spec.space.templateInstances[0].spec.parameters");
        assertThat(r.errors()).extracting(FieldError::field).containsExactly("spec.space.templateInstances[0].spec.parameters[0].name");
        assertThat(r.errors()).extracting(FieldError::detail).singleElement().asString().contains("declares no parameters");
    }
}
