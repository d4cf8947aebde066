package dev.canopy.server.auth;

import static dev.canopy.server.auth.Fixtures.user;
import static dev.canopy.server.auth.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.api.ApiException;
import org.junit.jupiter.api.Test;

class RbacEscalationTest {
    final RbacIndex index = new RbacIndex();
    final RbacAuthorizer rbac = new RbacAuthorizer(index);
    final RbacEscalation escalation = new RbacEscalation(rbac, index);
    final UserInfo teamAdmin = user("ann");

    RbacEscalationTest() {
        BootstrapPolicy.items().forEach(i -> index.upsert(i.storageResource(), i.object()));
        index.upsert(RbacIndex.ROLE_BINDINGS, yaml("{metadata: {name: a, namespace: team}, roleRef: {kind: ClusterRole, name: admin}, subjects: [{kind: User, name: ann}]}"));
    }

    @Test
    void a_namespace_admin_cannot_bind_cluster_admin() {
        assertThatThrownBy(() -> escalation.check(teamAdmin, RbacIndex.ROLE_BINDINGS, yaml(
                "{metadata: {name: grab, namespace: team}, roleRef: {kind: ClusterRole, name: cluster-admin}, subjects: [{kind: User, name: ann}]}")))
                .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(403))
                .hasMessageContaining("rolebindings.rbac.authorization.k8s.io \"grab\" is forbidden: user \"ann\"")
                .hasMessageContaining("is attempting to grant RBAC permissions not currently held");
    }

    @Test
    void but_may_bind_roles_it_already_holds_in_its_namespace() {
        assertThatCode(() -> escalation.check(teamAdmin, RbacIndex.ROLE_BINDINGS, yaml(
                "{metadata: {name: v, namespace: team}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: User, name: bob}]}")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> escalation.check(teamAdmin, RbacIndex.ROLE_BINDINGS, yaml(
                "{metadata: {name: v, namespace: other}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: User, name: bob}]}")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void roles_may_only_grant_what_the_author_holds() {
        assertThatCode(() -> escalation.check(teamAdmin, RbacIndex.ROLES, yaml(
                "{metadata: {name: r, namespace: team}, rules: [{apiGroups: [''], resources: [configmaps], verbs: [get, delete]}]}")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> escalation.check(teamAdmin, RbacIndex.ROLES, yaml(
                "{metadata: {name: r, namespace: team}, rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]}")))
                .hasMessageContaining("{APIGroups:[*], Resources:[*], Verbs:[*]}");
        assertThatThrownBy(() -> escalation.check(teamAdmin, RbacIndex.CLUSTER_ROLES, yaml(
                "{metadata: {name: agg}, aggregationRule: {clusterRoleSelectors: [{matchLabels: {x: y}}]}}")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void bind_and_escalate_verbs_and_masters_bypass() {
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: binder}
                rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind, escalate], resourceNames: [cluster-admin]}]
                """));
        index.upsert(RbacIndex.CLUSTER_ROLE_BINDINGS, yaml("{metadata: {name: b}, roleRef: {kind: ClusterRole, name: binder}, subjects: [{kind: User, name: ann}]}"));
        assertThatCode(() -> escalation.check(teamAdmin, RbacIndex.CLUSTER_ROLE_BINDINGS, yaml(
                "{metadata: {name: grab}, roleRef: {kind: ClusterRole, name: cluster-admin}, subjects: [{kind: User, name: bob}]}")))
                .doesNotThrowAnyException();
        assertThatCode(() -> escalation.check(user("root", UserInfo.MASTERS), RbacIndex.CLUSTER_ROLES, yaml(
                "{metadata: {name: anything}, rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]}")))
                .doesNotThrowAnyException();
    }
}
