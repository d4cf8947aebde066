package dev.canopy.server.auth;

import static dev.canopy.server.auth.Fixtures.user;
import static dev.canopy.server.auth.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.server.http.RequestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The authorization.k8s.io reviews as kubectl sends them. */
class ReviewHandlersTest {
    final RbacIndex index = new RbacIndex();
    final RbacAuthorizer rbac = new RbacAuthorizer(index);
    final AccessReviewHandlers handlers = new AccessReviewHandlers(rbac, rbac);

    ReviewHandlersTest() {
        BootstrapPolicy.items().forEach(i -> index.upsert(i.storageResource(), i.object()));
        index.upsert(RbacIndex.ROLE_BINDINGS, yaml("{metadata: {name: v, namespace: team}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: User, name: john}]}"));
    }

    static RequestContext ctx(UserInfo u, String ns) { return new RequestContext(u, null, ns, "", "", false); }

    @Test
    void self_subject_access_review_like_kubectl_auth_can_i() {
        ObjectNode body = yaml("""
                apiVersion: authorization.k8s.io/v1
                kind: SelfSubjectAccessReview
                spec: {resourceAttributes: {namespace: team, verb: list, resource: configmaps}}
                """);
        ObjectNode out = handlers.selfSubjectAccessReview().create(ctx(user("john"), ""), body);
        assertThat(out.at("/status/allowed").asBoolean()).isTrue();
        assertThat(out.at("/status/reason").asText()).isEqualTo(
                "RBAC: allowed by RoleBinding \"v/team\" of ClusterRole \"view\" to User \"john\"");
        assertThat(out.at("/spec/resourceAttributes/verb").asText()).isEqualTo("list");

        body.with("spec").with("resourceAttributes").put("resource", "secrets");
        assertThat(handlers.selfSubjectAccessReview().create(ctx(user("john"), ""), body).at("/status/allowed").asBoolean()).isFalse();
    }

    @Test
    void non_resource_review() {
        ObjectNode body = yaml("{spec: {nonResourceAttributes: {path: /apis, verb: get}}}");
        assertThat(handlers.selfSubjectAccessReview().create(ctx(user("x"), ""), body).at("/status/allowed").asBoolean()).isTrue();
    }

    @Test
    void exactly_one_kind_of_attributes() {
        assertThatThrownBy(() -> handlers.selfSubjectAccessReview().create(ctx(user("x"), ""), yaml("{spec: {}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
                .hasMessageContaining("exactly one of nonResourceAttributes or resourceAttributes");
    }

    @Test
    void subject_access_review_for_another_user() {
        ObjectNode body = yaml("{spec: {user: john, groups: [system:authenticated], resourceAttributes: {namespace: team, verb: get, resource: serviceaccounts, name: default}}}");
        assertThat(handlers.subjectAccessReview().create(ctx(user("root", UserInfo.MASTERS), ""), body).at("/status/allowed").asBoolean()).isTrue();
        body.with("spec").put("user", "mary");
        assertThat(handlers.subjectAccessReview().create(ctx(user("root"), ""), body).at("/status/allowed").asBoolean()).isFalse();
        assertThatThrownBy(() -> handlers.subjectAccessReview().create(ctx(user("root"), ""), yaml("{spec: {resourceAttributes: {verb: get}}}")))
                .hasMessageContaining("at least one of user or group must be specified");
    }

    @Test
    void local_review_is_confined_to_its_namespace() {
        ObjectNode body = yaml("{spec: {user: john, resourceAttributes: {verb: get, resource: configmaps}}}");
        assertThat(handlers.localSubjectAccessReview().create(ctx(user("root"), "team"), body).at("/status/allowed").asBoolean()).isTrue();
        assertThat(handlers.localSubjectAccessReview().create(ctx(user("root"), "other"), body).at("/status/allowed").asBoolean()).isFalse();
        ObjectNode mismatch = yaml("{spec: {user: john, resourceAttributes: {namespace: team, verb: get, resource: configmaps}}}");
        assertThatThrownBy(() -> handlers.localSubjectAccessReview().create(ctx(user("root"), "other"), mismatch))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.causes()).extracting("field").containsExactly("spec.resourceAttributes.namespace"));
    }

    @Test
    void rules_review_like_kubectl_auth_can_i_list() {
        ObjectNode out = handlers.selfSubjectRulesReview().create(ctx(user("john"), ""), yaml("{spec: {namespace: team}}"));
        assertThat(out.at("/status/incomplete").asBoolean(true)).isFalse();
        List<String> resources = new java.util.ArrayList<>();
        out.at("/status/resourceRules").forEach(r -> r.path("resources").forEach(x -> resources.add(x.asText())));
        assertThat(resources).contains("configmaps", "selfsubjectaccessreviews").doesNotContain("secrets");
        List<String> urls = new java.util.ArrayList<>();
        out.at("/status/nonResourceRules").forEach(r -> r.path("nonResourceURLs").forEach(x -> urls.add(x.asText())));
        assertThat(urls).contains("/api", "/healthz");

        ObjectNode elsewhere = handlers.selfSubjectRulesReview().create(ctx(user("john"), ""), yaml("{spec: {namespace: other}}"));
        List<String> none = new java.util.ArrayList<>();
        elsewhere.at("/status/resourceRules").forEach(r -> r.path("resources").forEach(x -> none.add(x.asText())));
        assertThat(none).doesNotContain("configmaps");
    }
}
