package dev.canopy.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.api.ApiException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodiesTest {
    private static InputStream stream(byte[] b) { return new ByteArrayInputStream(b); }

    @Test
    void aBodyIsReadWholeWithOrWithoutADeclaredLength() {
        byte[] json = "{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Bodies.read(stream(json), json.length)).isEqualTo(json);
        assertThat(Bodies.read(stream(json), -1)).isEqualTo(json);   // chunked: no length
        byte[] large = new byte[Bodies.MAX_BYTES];
        assertThat(Bodies.read(stream(large), -1)).hasSize(Bodies.MAX_BYTES);
    }

    @Test
    void aBodyOverTheLimitIs413WhetherDeclaredOrNot() {
        assertThatThrownBy(() -> Bodies.read(stream(new byte[0]), Bodies.MAX_BYTES + 1L))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(413));
        assertThatThrownBy(() -> Bodies.read(stream(new byte[Bodies.MAX_BYTES + 1]), -1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(413));
    }
}
