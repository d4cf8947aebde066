package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.server.kiosk.TemplateRendering;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderStepTest {
    static final ObjectNode INSTANCE = (ObjectNode) Json.MAPPER.valueToTree(java.util.Map.of("metadata", java.util.Map.of("name", "i"), "spec", java.util.Map.of("template", "redis")));
    static final ObjectNode NS = Json.object();

    static RenderStep.Outcome failing(RuntimeException e) {
        return RenderStep.run((i, n) -> { throw e; }, INSTANCE, NS);
    }

    @Test
    void successCarriesTheObjects() {
        var r = new TemplateRendering.Rendered(List.of(Json.object()), "7");
        assertThat(RenderStep.run((i, n) -> r, INSTANCE, NS)).isEqualTo(new RenderStep.Done(r));
    }

    @Test
    void aMissingTemplateFailsWithKiosksReasonAndMessage() {
        assertThat(failing(ApiException.notFound("templates.tenancy.canopy.dev", "redis")))
                .isEqualTo(new RenderStep.Failed("TemplateNotFound", "The specified template 'redis' couldn't be found."));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "spec.parameters[0].value, ErrorValidatingParameters",
            "resources.helm, ErrorHelm",
            "resources.helm.values.a, ErrorReplaceParameters",
            "resources.manifests[0].data.x, ErrorReplaceParameters",
    })
    void a422BecomesAReasonByItsField(String field, String reason) {
        var out = failing(ApiException.invalid("TemplateInstance", "i", new FieldError(field, "FieldValueInvalid", "boom")));
        assertThat(out).isInstanceOfSatisfying(RenderStep.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.message()).contains("boom");
        });
    }

    @Test
    void helmsMessageIsShownAsIs() {
        var out = failing(ApiException.invalid("TemplateInstance", "i", new FieldError("resources.helm", "FieldValueInvalid", "template redis: Helm: chart failed")));
        assertThat(out).isEqualTo(new RenderStep.Failed("ErrorHelm", "template redis: Helm: chart failed"));
    }
}
