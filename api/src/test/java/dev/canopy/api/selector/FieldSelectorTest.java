package dev.canopy.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorTest {
    private static final com.fasterxml.jackson.databind.JsonNode OBJ =
            Json.MAPPER.valueToTree(Map.of("metadata", Map.of("name", "web", "namespace", "prod")));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            metadata.name=web                              | true
            metadata.name==web                             | true
            metadata.name!=web                             | false
            metadata.name=db                               | false
            'metadata.name=web,metadata.namespace=prod'    | true
            'metadata.name=web,metadata.namespace!=prod'   | false
            ' metadata.namespace = prod '                  | true
            """)
    void matches(String selector, boolean expected) {
        assertThat(FieldSelector.parse(selector).matches(OBJ)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            spec.replicas=3            | supported fields: metadata.name, metadata.namespace
            metadata.name              | has no operator
            'metadata.name=a,'         | empty requirement
            metadata.name=a=b          | more than one operator
            """)
    void rejects(String selector, String why) {
        assertThatThrownBy(() -> FieldSelector.parse(selector))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageContaining("fieldSelector").hasMessageContaining(why);
    }

    @Test
    void requiredNameIsOnlyAPositiveNameTerm() {
        assertThat(FieldSelector.parse("metadata.name=web").requiredName()).isEqualTo("web");
        assertThat(FieldSelector.parse("metadata.name!=web").requiredName()).isNull();
        assertThat(FieldSelector.EVERYTHING.requiredName()).isNull();
        assertThat(FieldSelector.parse("").isEverything()).isTrue();
    }
}
