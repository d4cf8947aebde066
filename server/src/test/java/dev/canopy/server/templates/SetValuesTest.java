package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetValuesTest {
    @ParameterizedTest(name = "{0}={1} force={2}")
    @CsvSource(delimiter = '|', value = {
            "a          | 1     | false | {\"a\":1,\"keep\":{\"x\":1}}",
            "a          | 1     | true  | {\"a\":\"1\",\"keep\":{\"x\":1}}",
            "a          | true  | false | {\"a\":true,\"keep\":{\"x\":1}}",
            "a          | 0.5   | false | {\"a\":\"0.5\",\"keep\":{\"x\":1}}",
            "keep.y     | v     | false | {\"keep\":{\"x\":1,\"y\":\"v\"}}",
            "b.c.d      | v     | false | {\"keep\":{\"x\":1},\"b\":{\"c\":{\"d\":\"v\"}}}",
            "l[1]       | v     | false | {\"keep\":{\"x\":1},\"l\":[null,\"v\"]}",
            "l[0].p     | 80    | false | {\"keep\":{\"x\":1},\"l\":[{\"p\":80}]}",
            "a\\.b      | v     | false | {\"keep\":{\"x\":1},\"a.b\":\"v\"}",
    })
    void mergesLikeHelmSet(String name, String value, boolean force, String expected) throws Exception {
        ObjectNode values = (ObjectNode) Json.MAPPER.readTree("{\"keep\":{\"x\":1}}");
        SetValues.apply(values, name, value, force);
        assertThat(values).isEqualTo(Json.MAPPER.readTree(expected));
    }
}
