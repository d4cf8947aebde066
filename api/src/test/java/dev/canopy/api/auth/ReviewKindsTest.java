package dev.canopy.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReviewKindsTest {
    final Registry r = BuiltinKinds.registry();

    @Test
    void reviews_are_create_only_virtual_kinds_with_kube_scopes() {
        ResourceType ssar = r.find("authorization.k8s.io", "v1", "selfsubjectaccessreviews").orElseThrow();
        assertThat(ssar.stored()).isFalse();
        assertThat(ssar.verbs()).isEqualTo(Set.of("create"));
        assertThat(ssar.namespaced()).isFalse();
        assertThat(r.find("authorization.k8s.io", "v1", "localsubjectaccessreviews").orElseThrow().namespaced()).isTrue();
        assertThat(r.byKind("authentication.k8s.io/v1", "SelfSubjectReview")).isPresent();
        assertThat(r.byKind("authentication.k8s.io/v1", "TokenReview")).isPresent();
        assertThat(r.byKind("authorization.k8s.io/v1", "SubjectAccessReview")).isPresent();
        assertThat(r.byKind("authorization.k8s.io/v1", "SelfSubjectRulesReview")).isPresent();
        ResourceType ut = r.find("auth.canopy.dev", "v1alpha1", "usertokens").orElseThrow();
        assertThat(ut.namespaced()).isFalse();
        assertThat(ut.stored()).isFalse();
    }

    @Test
    void records_bind_kubectl_json_with_kube_field_names() throws Exception {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree("""
                {"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{"creationTimestamp":null},
                 "spec":{"resourceAttributes":{"namespace":"x","verb":"get","resource":"secrets","subresource":"status"}},
                 "status":{"allowed":false}}""");
        SelfSubjectAccessReview ssar = Json.convert(body, SelfSubjectAccessReview.class);
        assertThat(ssar.spec().resourceAttributes().subresource()).isEqualTo("status");
        TokenRequest tr = Json.convert(Json.MAPPER.readTree("""
                {"spec":{"audiences":null,"expirationSeconds":3600,"boundObjectRef":null},"status":{"token":"","expirationTimestamp":null}}"""),
                TokenRequest.class);
        assertThat(tr.spec().expirationSeconds()).isEqualTo(3600L);
        UserToken ut = Json.convert(Json.MAPPER.readTree("{\"spec\":{\"user\":\"alice\",\"groups\":[\"g\"],\"ttlSeconds\":60}}"), UserToken.class);
        assertThat(ut.spec().ttlSeconds()).isEqualTo(60L);
    }
}
