package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateAdmissionTest {
    static ObjectNode obj(String yaml) {
        try {
            return yaml.isBlank() ? null : (ObjectNode) Json.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String ALLOW = "{metadata: {annotations: {tenancy.canopy.dev/allow-cluster-scoped: 'true'}}}";
    static final String PATH = "{resources: {helm: {chart: {path: /srv/c}}}}";
    static final String OTHER_PATH = "{resources: {helm: {chart: {path: /etc}}}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plain template                        | {resources: {manifests: []}} |                    | ''",
            "allow annotation set                   | " + ALLOW + "                |                    | metadata.annotations[tenancy.canopy.dev/allow-cluster-scoped]",
            "allow annotation kept on update        | " + ALLOW + "                | " + ALLOW + "      | ''",
            "chart path set                         | " + PATH + "                 |                    | resources.helm.chart.path",
            "chart path kept on update              | " + PATH + "                 | " + PATH + "       | ''",
            "chart path changed                     | " + OTHER_PATH + "           | " + PATH + "       | resources.helm.chart.path",
    })
    void privilegedSettingsAreTheOnesNamed(String name, String template, String old, String field) {
        var errs = TemplateAdmission.check(obj(template), old == null ? null : obj(old));
        if (field.isEmpty()) assertThat(errs).as(name).isEmpty();
        else assertThat(errs).as(name).extracting(FieldError::field).containsExactly(field);
    }
}
