package dev.canopy.server.auth;

import static dev.canopy.server.auth.Fixtures.user;
import static dev.canopy.server.auth.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.server.http.RequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenHandlersTest {
    final TokenAuthenticatorTest.MutableClock clock = new TokenAuthenticatorTest.MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    final TokenIssuer issuer = new TokenIssuer(SettingsPort.inMemory(), clock);
    final ServiceAccounts.Lookup sas = (ns, n) -> "ci".equals(ns) && "builder".equals(n) ? Optional.of("uid-b") : Optional.empty();
    final TokenAuthenticator authn = new TokenAuthenticator(issuer, sas);
    final RbacIndex index = new RbacIndex();
    final RbacAuthorizer rbac = new RbacAuthorizer(index);
    final TokenHandlers handlers = new TokenHandlers(authn, rbac, issuer, sas);

    static RequestContext ctx(UserInfo u, String ns, String name) { return new RequestContext(u, null, ns, name, "", false); }

    @Test
    void whoami() {
        UserInfo u = new UserInfo("john", "u1", List.of("devs", UserInfo.AUTHENTICATED), Map.of("scopes", List.of("a")));
        ObjectNode out = handlers.selfSubjectReview().create(ctx(u, "", ""), yaml("{apiVersion: authentication.k8s.io/v1, kind: SelfSubjectReview}"));
        assertThat(out.at("/status/userInfo/username").asText()).isEqualTo("john");
        assertThat(out.at("/status/userInfo/uid").asText()).isEqualTo("u1");
        assertThat(out.at("/status/userInfo/groups").toString()).isEqualTo("[\"devs\",\"system:authenticated\"]");
        assertThat(out.at("/status/userInfo/extra/scopes/0").asText()).isEqualTo("a");
    }

    @Test
    void token_review_good_bad_and_foreign() {
        String good = issuer.issueUser("john", List.of("devs"), Duration.ofHours(1)).token();
        ObjectNode ok = handlers.tokenReview().create(ctx(user("root"), "", ""), yaml("{spec: {token: '" + good + "'}}"));
        assertThat(ok.at("/status/authenticated").asBoolean()).isTrue();
        assertThat(ok.at("/status/user/username").asText()).isEqualTo("john");

        clock.now = clock.now.plus(Duration.ofHours(2));
        ObjectNode expired = handlers.tokenReview().create(ctx(user("root"), "", ""), yaml("{spec: {token: '" + good + "'}}"));
        assertThat(expired.at("/status/authenticated").asBoolean()).isFalse();
        assertThat(expired.at("/status/error").asText()).contains("expired");

        assertThat(handlers.tokenReview().create(ctx(user("root"), "", ""), yaml("{spec: {token: nope}}")).at("/status/authenticated").asBoolean()).isFalse();
        assertThatThrownBy(() -> handlers.tokenReview().create(ctx(user("root"), "", ""), yaml("{spec: {}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    }

    @Test
    void user_token_issues_a_working_token_with_default_ttl() {
        ObjectNode out = handlers.userToken().create(ctx(user("root", UserInfo.MASTERS), "", ""),
                yaml("{apiVersion: auth.canopy.dev/v1alpha1, kind: UserToken, metadata: {name: t}, spec: {user: alice, groups: [tenant-a-admins]}}"));
        assertThat(out.at("/spec/ttlSeconds").asLong()).isEqualTo(86400);
        assertThat(out.at("/status/expirationTimestamp").asText()).isEqualTo("2026-03-02T00:00:00Z");
        UserInfo alice = authn.authenticate(out.at("/status/token").asText()).orElseThrow();
        assertThat(alice.name()).isEqualTo("alice");
        assertThat(alice.groups()).containsExactly("tenant-a-admins", UserInfo.AUTHENTICATED);
    }

    @Test
    void user_token_validation_names_fields() {
        assertThatThrownBy(() -> handlers.userToken().create(ctx(user("root", UserInfo.MASTERS), "", ""), yaml("{metadata: {name: t}, spec: {ttlSeconds: 40000000}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.causes()).extracting("field").containsExactly("spec.user", "spec.ttlSeconds");
                });
        assertThatThrownBy(() -> handlers.userToken().create(ctx(user("root", UserInfo.MASTERS), "", ""), yaml("{spec: {user: 'system:serviceaccount:a:b'}}")))
                .hasMessageContaining("spec.user");
    }

    @Test
    void user_token_for_someone_else_needs_impersonation_rights() {
        assertThatThrownBy(() -> handlers.userToken().create(ctx(user("mallory"), "", ""), yaml("{spec: {user: root, groups: [system:masters]}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
                .hasMessage("users \"root\" is forbidden: User \"mallory\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
        // for oneself, with groups one already has: fine
        ObjectNode self = handlers.userToken().create(ctx(user("mallory", "devs"), "", ""), yaml("{spec: {user: mallory, groups: [devs], ttlSeconds: 60}}"));
        assertThat(self.at("/status/token").asText()).isNotEmpty();
        // but not with extra groups
        assertThatThrownBy(() -> handlers.userToken().create(ctx(user("mallory"), "", ""), yaml("{spec: {user: mallory, groups: [system:masters]}}")))
                .hasMessageContaining("groups \"system:masters\" is forbidden");
    }

    @Test
    void service_account_token_request() {
        ObjectNode out = handlers.serviceAccountToken().create(ctx(user("root"), "ci", "builder"),
                yaml("{apiVersion: authentication.k8s.io/v1, kind: TokenRequest, spec: {}}"));
        assertThat(out.at("/spec/expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(out.at("/status/expirationTimestamp").asText()).isEqualTo("2026-03-01T01:00:00Z");
        UserInfo sa = authn.authenticate(out.at("/status/token").asText()).orElseThrow();
        assertThat(sa.name()).isEqualTo("system:serviceaccount:ci:builder");

        assertThatThrownBy(() -> handlers.serviceAccountToken().create(ctx(user("root"), "ci", "ghost"), yaml("{spec: {}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404))
                .hasMessage("serviceaccounts \"ghost\" not found");
        assertThatThrownBy(() -> handlers.serviceAccountToken().create(ctx(user("root"), "ci", "builder"), yaml("{spec: {expirationSeconds: 60}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.causes()).extracting("field").containsExactly("spec.expirationSeconds"))
                .hasMessageContaining("less than 10 minutes");
    }
}
