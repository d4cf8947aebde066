package dev.canopy.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.api.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OutputTest {

    private static String print(Format f, Object value) {
        StringWriter sw = new StringWriter();
        Output.print(f, value, new PrintWriter(sw));
        return sw.toString();
    }

    @Test
    void jsonIsIndentedLikeKubectl() throws Exception {
        var obj = Json.MAPPER.readTree("{\"kind\":\"UserToken\",\"spec\":{\"user\":\"john\",\"groups\":[\"dev\"]}}");
        assertThat(print(Format.JSON, obj)).isEqualTo("""
                {
                    "kind": "UserToken",
                    "spec": {
                        "user": "john",
                        "groups": [
                            "dev"
                        ]
                    }
                }
                """);
    }

    @Test
    void yamlIsBlockStyleWithoutDocumentMarker() {
        assertThat(print(Format.YAML, Map.of("spec", Map.of("groups", List.of("dev")))))
                .isEqualTo("spec:\n  groups:\n  - dev\n");
    }

    @Test
    void tablesAreNotStructuredOutput() {
        assertThat(Format.TABLE.structured()).isFalse();
        assertThat(Format.YAML.structured()).isTrue();
        assertThatThrownBy(() -> print(Format.WIDE, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownFormatNamesTheAllowedOnes() {
        assertThat(Format.parse("Json")).isEqualTo(Format.JSON);
        assertThatThrownBy(() -> Format.parse("xml"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("\"xml\"").hasMessageContaining("json,yaml,wide,table");
    }
}
