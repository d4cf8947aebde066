package dev.canopy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.server.http.Protobuf;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Decodes bodies captured from kubectl 1.32 ({@code auth can-i}, {@code auth whoami}, {@code create token}). */
class CapturedKubectlProtobufTest {
    static byte[] captured(String name) throws Exception {
        try (InputStream in = CapturedKubectlProtobufTest.class.getResourceAsStream("/kubectl-protobuf/" + name + ".bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void self_subject_access_review_from_kubectl_auth_can_i() throws Exception {
        // kubectl auth can-i delete secrets -n x --subresource=status
        ObjectNode o = Protobuf.decode(captured("selfsubjectaccessreview"));
        assertThat(o.path("kind").asText()).isEqualTo("SelfSubjectAccessReview");
        assertThat(o.path("apiVersion").asText()).isEqualTo("authorization.k8s.io/v1");
        assertThat(o.at("/spec/resourceAttributes").toString())
                .isEqualTo("{\"namespace\":\"x\",\"verb\":\"delete\",\"resource\":\"secrets\",\"subresource\":\"status\"}");
    }

    @Test
    void rules_review_and_whoami() throws Exception {
        assertThat(Protobuf.decode(captured("selfsubjectrulesreview")).at("/spec/namespace").asText()).isEqualTo("team");
        assertThat(Protobuf.decode(captured("selfsubjectreview")).path("kind").asText()).isEqualTo("SelfSubjectReview");
    }

    @Test
    void token_request_from_kubectl_create_token() throws Exception {
        // kubectl create token builder --duration=15m --audience=foo --bound-object-kind=Secret --bound-object-name=s --bound-object-uid=u
        ObjectNode o = Protobuf.decode(captured("tokenrequest"));
        assertThat(o.at("/spec/expirationSeconds").asLong()).isEqualTo(900);
        assertThat(o.at("/spec/audiences/0").asText()).isEqualTo("foo");
        assertThat(o.at("/spec/boundObjectRef/name").asText()).isEqualTo("s");
    }

    @Test
    void unknown_kinds_are_415_and_garbage_is_400() throws Exception {
        byte[] b = captured("selfsubjectreview");
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("SelfSubjectReview", "SelfSubjectXXXXXX");
        assertThatThrownBy(() -> Protobuf.decode(s.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
        assertThatThrownBy(() -> Protobuf.decode(Arrays.copyOf(b, b.length - 10)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> Protobuf.decode("{}".getBytes())).isInstanceOf(ApiException.class);
    }
}
