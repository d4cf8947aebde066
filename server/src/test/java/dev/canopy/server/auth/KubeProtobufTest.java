package dev.canopy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Decodes bodies captured from kubectl 1.32 ({@code auth can-i}, {@code auth whoami}, {@code create token}). */
class KubeProtobufTest {
    static byte[] captured(String name) throws Exception {
        try (InputStream in = KubeProtobufTest.class.getResourceAsStream("/kubectl-protobuf/" + name + ".bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void self_subject_access_review_from_kubectl_auth_can_i() throws Exception {
        // kubectl auth can-i delete secrets -n x --subresource=status
        ObjectNode o = KubeProtobuf.decode(captured("selfsubjectaccessreview")).orElseThrow();
        assertThat(o.path("kind").asText()).isEqualTo("SelfSubjectAccessReview");
        assertThat(o.path("apiVersion").asText()).isEqualTo("authorization.k8s.io/v1");
        assertThat(o.at("/spec/resourceAttributes").toString())
                .isEqualTo("{\"namespace\":\"x\",\"verb\":\"delete\",\"resource\":\"secrets\",\"subresource\":\"status\"}");
    }

    @Test
    void rules_review_and_whoami() throws Exception {
        assertThat(KubeProtobuf.decode(captured("selfsubjectrulesreview")).orElseThrow().at("/spec/namespace").asText()).isEqualTo("team");
        assertThat(KubeProtobuf.decode(captured("selfsubjectreview")).orElseThrow().path("kind").asText()).isEqualTo("SelfSubjectReview");
    }

    @Test
    void token_request_from_kubectl_create_token() throws Exception {
        // kubectl create token builder --duration=15m --audience=foo --bound-object-kind=Secret --bound-object-name=s --bound-object-uid=u
        ObjectNode o = KubeProtobuf.decode(captured("tokenrequest")).orElseThrow();
        assertThat(o.at("/spec/expirationSeconds").asLong()).isEqualTo(900);
        assertThat(o.at("/spec/audiences/0").asText()).isEqualTo("foo");
        assertThat(o.at("/spec/boundObjectRef/name").asText()).isEqualTo("s");
    }

    @Test
    void other_kinds_are_left_to_the_caller_and_garbage_is_400() throws Exception {
        byte[] b = captured("selfsubjectreview");
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("SelfSubjectReview", "SelfSubjectXXXXXX");
        assertThat(KubeProtobuf.decode(s.getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThatThrownBy(() -> KubeProtobuf.decode(Arrays.copyOf(b, b.length - 10)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> KubeProtobuf.decode("{}".getBytes())).isInstanceOf(ApiException.class);
        assertThat(KubeProtobuf.isProtobuf("application/vnd.kubernetes.protobuf; charset=x")).isTrue();
        assertThat(KubeProtobuf.isProtobuf("application/json")).isFalse();
    }
}
