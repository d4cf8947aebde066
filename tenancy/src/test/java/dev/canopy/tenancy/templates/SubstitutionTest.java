package dev.canopy.tenancy.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubstitutionTest {
    static final TemplateContext CTX = new TemplateContext("space-a", Map.of("team", "blue"), Map.of("owner", "john"),
            "johns-account", Map.of("tier", "gold"), Map.of());
    static final Substitution SUB = new Substitution(Map.of("CPU", "1", "REQ", "0.5", "NAME", "web", "MAP", "{a: 1}", "FLAG", "true", "BAD", "{a: ["), CTX);

    static String apply(String s, List<FieldError> errors) {
        JsonNode out = SUB.string(s, "x", errors);
        return out.isTextual() ? "str:" + out.asText() : "json:" + out;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "plain                                  | str:plain",
            "${NAME}                                | str:web",
            "app-${NAME}-${NAMESPACE}               | str:app-web-space-a",
            "${{CPU}}                               | json:1",
            "${{REQ}}                               | json:0.5",
            "${{FLAG}}                              | json:true",
            "${{MAP}}                               | json:{\"a\":1}",
            "${CPU}                                 | str:1",
            "cpu=${{CPU}}!                          | str:cpu=1!",
            "$${NAME}                               | str:${NAME}",
            "$$${NAME}                              | str:$${NAME}",
            "a $${NAME} b ${NAME}                   | str:a ${NAME} b web",
            "${WILL_NOT_BE_REPLACED}                | str:${WILL_NOT_BE_REPLACED}",
            "${{UNKNOWN}}                           | str:${UNKNOWN}",
            "Hello from ${namespace} - ${WILL_NOT_BE_REPLACED} | str:Hello from space-a - ${WILL_NOT_BE_REPLACED}",
            "${namespace.metadata.labels.team}      | str:blue",
            "${NAMESPACE.METADATA.ANNOTATIONS.owner} | str:john",
            "${ACCOUNT}                             | str:johns-account",
            "${account.metadata.labels.tier}        | str:gold",
            "$5 and {NAME}                          | str:$5 and {NAME}",
    })
    void substitutesLikeKiosk(String in, String expected) {
        List<FieldError> errors = new ArrayList<>();
        assertThat(apply(in, errors)).isEqualTo(expected);
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "${namespace.metadata.labels.missing}       | namespace space-a has no label missing",
            "${namespace.metadata.annotations.missing}  | namespace space-a has no annotation missing",
            "${account.metadata.annotations.x}          | account johns-account has no annotation x",
            "${{BAD}}                                   | the value of BAD is not YAML",
    })
    void missingBuiltinsAndBadYamlAreErrorsAtThePath(String in, String detail) {
        List<FieldError> errors = new ArrayList<>();
        apply(in, errors);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("x");
            assertThat(e.detail()).contains(detail);
        });
    }

    @org.junit.jupiter.api.Test
    void accountBuiltinsNeedAnAccount() {
        Substitution noAccount = new Substitution(Map.of(), new TemplateContext("ns", Map.of(), Map.of(), null, Map.of(), Map.of()));
        List<FieldError> errors = new ArrayList<>();
        noAccount.string("${ACCOUNT}", "x", errors);
        assertThat(errors).extracting(FieldError::detail).singleElement().asString().contains("belongs to no account");
    }

    @org.junit.jupiter.api.Test
    void walksObjectsAndArraysButNotKeys() throws Exception {
        JsonNode in = Json.YAML.readTree("""
                metadata: {name: "${NAME}", labels: {"${NAME}": "${NAMESPACE}"}}
                spec: {limits: [{default: {cpu: "${{CPU}}"}}], replicas: 3, on: true}
                """);
        List<FieldError> errors = new ArrayList<>();
        JsonNode out = SUB.apply(in, "m", errors);
        assertThat(errors).isEmpty();
        assertThat(out.toString()).isEqualTo("{\"metadata\":{\"name\":\"web\",\"labels\":{\"${NAME}\":\"space-a\"}},"
                + "\"spec\":{\"limits\":[{\"default\":{\"cpu\":1}}],\"replicas\":3,\"on\":true}}");
        assertThat(in.path("metadata").path("name").asText()).isEqualTo("${NAME}");   // the input is untouched
    }
}
