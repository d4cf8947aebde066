package dev.canopy.server.auth;

import static dev.canopy.server.auth.Fixtures.user;
import static dev.canopy.server.auth.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.api.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImpersonationTest {
    final RbacIndex index = new RbacIndex();
    final RbacAuthorizer rbac = new RbacAuthorizer(index);

    ImpersonationTest() {
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: impersonator}
                rules:
                - {apiGroups: [""], resources: [users], resourceNames: [john], verbs: [impersonate]}
                - {apiGroups: [""], resources: [groups], resourceNames: [devs], verbs: [impersonate]}
                - {apiGroups: [authentication.k8s.io], resources: [userextras/scopes], verbs: [impersonate]}
                - {apiGroups: [authentication.k8s.io], resources: [uids], verbs: [impersonate]}
                """));
        index.upsert(RbacIndex.CLUSTER_ROLE_BINDINGS, yaml(
                "{metadata: {name: b}, roleRef: {kind: ClusterRole, name: impersonator}, subjects: [{kind: User, name: x}]}"));
        index.upsert(RbacIndex.ROLES, yaml(
                "{metadata: {name: sa, namespace: ci}, rules: [{apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate]}]}"));
        index.upsert(RbacIndex.ROLE_BINDINGS, yaml(
                "{metadata: {name: sa, namespace: ci}, roleRef: {kind: Role, name: sa}, subjects: [{kind: User, name: x}]}"));
    }

    @Test
    void no_headers_keeps_the_caller() {
        UserInfo x = user("x");
        assertThat(Impersonation.apply(x, Map.of("Accept", List.of("json")), rbac)).isSameAs(x);
    }

    @Test
    void user_groups_extra_and_uid() {
        UserInfo u = Impersonation.apply(user("x"), Map.of(
                "Impersonate-User", List.of("john"),
                "impersonate-group", List.of("devs"),
                "Impersonate-Extra-Scopes", List.of("a", "b"),
                "Impersonate-Uid", List.of("1234")), rbac);
        assertThat(u.name()).isEqualTo("john");
        assertThat(u.groups()).containsExactly("devs", UserInfo.AUTHENTICATED);
        assertThat(u.extra()).isEqualTo(Map.of("scopes", List.of("a", "b")));
        assertThat(u.uid()).isEqualTo("1234");
    }

    @Test
    void service_account_is_checked_in_its_namespace_and_gets_its_groups() {
        UserInfo u = Impersonation.apply(user("x"), Map.of("Impersonate-User", List.of("system:serviceaccount:ci:deployer")), rbac);
        assertThat(u.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ci", UserInfo.AUTHENTICATED);
        assertThatThrownBy(() -> Impersonation.apply(user("x"), Map.of("Impersonate-User", List.of("system:serviceaccount:prod:deployer")), rbac))
                .isInstanceOf(ApiException.class)
                .hasMessage("serviceaccounts \"deployer\" is forbidden: User \"x\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"prod\"");
    }

    @Test
    void forbidden_user_has_kube_message() {
        assertThatThrownBy(() -> Impersonation.apply(user("x"), Map.of("Impersonate-User", List.of("mary")), rbac))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
                .hasMessage("users \"mary\" is forbidden: User \"x\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
        assertThatThrownBy(() -> Impersonation.apply(user("y"), Map.of("Impersonate-User", List.of("john")), rbac))
                .hasMessage("users \"john\" is forbidden: User \"y\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
    }

    @Test
    void forbidden_group_and_extra() {
        assertThatThrownBy(() -> Impersonation.apply(user("x"), Map.of("Impersonate-User", List.of("john"), "Impersonate-Group", List.of("system:masters")), rbac))
                .hasMessage("groups \"system:masters\" is forbidden: User \"x\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope");
        assertThatThrownBy(() -> Impersonation.apply(user("x"), Map.of("Impersonate-User", List.of("john"), "Impersonate-Extra-Other", List.of("v")), rbac))
                .hasMessage("userextras.authentication.k8s.io \"v\" is forbidden: User \"x\" cannot impersonate resource \"userextras/other\" in API group \"authentication.k8s.io\" at the cluster scope");
    }

    @Test
    void groups_without_user_is_bad_request() {
        assertThatThrownBy(() -> Impersonation.apply(user("x"), Map.of("Impersonate-Group", List.of("devs")), rbac))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageContaining("without impersonating a user");
    }

    @Test
    void masters_may_impersonate_anyone() {
        UserInfo u = Impersonation.apply(user("root", UserInfo.MASTERS), Map.of("Impersonate-User", List.of("anyone"),
                "Impersonate-Group", List.of(UserInfo.AUTHENTICATED, "g")), rbac);
        assertThat(u.groups()).containsExactly(UserInfo.AUTHENTICATED, "g");
    }
}
