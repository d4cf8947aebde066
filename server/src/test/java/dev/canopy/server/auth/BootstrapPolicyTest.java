package dev.canopy.server.auth;

import static dev.canopy.server.auth.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class BootstrapPolicyTest {
    final Fixtures.MemoryPolicyStore store = new Fixtures.MemoryPolicyStore();

    @Test
    void reconcile_creates_once_then_is_a_no_op() {
        var first = BootstrapPolicy.reconcile(store);
        assertThat(first.created()).contains("rbac.authorization.k8s.io/clusterroles/cluster-admin",
                "rbac.authorization.k8s.io/clusterrolebindings/system:basic-user");
        int writes = store.writes;
        var second = BootstrapPolicy.reconcile(store);
        assertThat(second.created()).isEmpty();
        assertThat(second.updated()).isEmpty();
        assertThat(store.writes).isEqualTo(writes);
    }

    @Test
    void restores_changed_defaults_but_respects_opt_out_and_unlabelled() {
        BootstrapPolicy.reconcile(store);
        ObjectNode view = store.get(RbacIndex.CLUSTER_ROLES, "system:aggregate-to-view").orElseThrow();
        view.putArray("rules");
        store.update(RbacIndex.CLUSTER_ROLES, view);
        assertThat(BootstrapPolicy.reconcile(store).updated()).containsExactly("rbac.authorization.k8s.io/clusterroles/system:aggregate-to-view");
        assertThat(store.get(RbacIndex.CLUSTER_ROLES, "system:aggregate-to-view").orElseThrow().get("rules")).isNotEmpty();

        ObjectNode edit = store.get(RbacIndex.CLUSTER_ROLES, "system:aggregate-to-edit").orElseThrow();
        edit.putArray("rules");
        ((ObjectNode) edit.at("/metadata/annotations")).put(BootstrapPolicy.AUTOUPDATE, "false");
        store.update(RbacIndex.CLUSTER_ROLES, edit);
        ObjectNode admin = store.get(RbacIndex.CLUSTER_ROLES, "cluster-admin").orElseThrow();
        ((ObjectNode) admin.at("/metadata/labels")).removeAll();
        admin.putArray("rules");
        store.update(RbacIndex.CLUSTER_ROLES, admin);
        assertThat(BootstrapPolicy.reconcile(store).updated()).isEmpty();
    }

    @Test
    void the_default_roles_mean_what_kubernetes_users_expect() {
        RbacIndex index = new RbacIndex();
        BootstrapPolicy.items().forEach(i -> index.upsert(i.storageResource(), i.object()));
        for (String role : new String[] {"admin", "edit", "view"}) {
            index.upsert(RbacIndex.ROLE_BINDINGS, Fixtures.yaml("{metadata: {name: " + role + ", namespace: team}, roleRef: {kind: ClusterRole, name: "
                    + role + "}, subjects: [{kind: User, name: " + role + "-user}]}"));
        }
        RbacAuthorizer rbac = new RbacAuthorizer(index);
        UserInfo viewer = user("view-user"), editor = user("edit-user"), admin = user("admin-user"), anyone = user("anyone");

        assertThat(allowed(rbac, viewer, "get", "", "configmaps")).isTrue();
        assertThat(allowed(rbac, viewer, "get", "", "secrets")).isFalse();
        assertThat(allowed(rbac, viewer, "list", "tenancy.canopy.dev", "tenants")).isTrue();
        assertThat(allowed(rbac, viewer, "create", "tenancy.canopy.dev", "tenants")).isFalse();
        assertThat(allowed(rbac, editor, "get", "", "secrets")).isTrue();          // edit ⊇ view, plus secrets
        assertThat(allowed(rbac, editor, "list", "apps.cozystack.io", "tenants")).isTrue();
        assertThat(allowed(rbac, editor, "create", "rbac.authorization.k8s.io", "rolebindings")).isFalse();
        assertThat(allowed(rbac, admin, "create", "rbac.authorization.k8s.io", "rolebindings")).isTrue();
        assertThat(allowed(rbac, admin, "delete", "", "configmaps")).isTrue();      // admin ⊇ edit
        assertThat(allowed(rbac, admin, "delete", "", "configmaps", "other-team")).isFalse();

        assertThat(rbac.authorize(Attributes.resource(anyone, "create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "")).allowed()).isTrue();
        assertThat(rbac.authorize(Attributes.resource(anyone, "create", "authentication.k8s.io", "selfsubjectreviews", "", "")).allowed()).isTrue();
        assertThat(rbac.authorize(Attributes.nonResource(anyone, "get", "/apis/tenancy.canopy.dev/v1alpha1")).allowed()).isTrue();
        assertThat(rbac.authorize(Attributes.nonResource(anyone, "get", "/metrics")).allowed()).isFalse();
        assertThat(rbac.authorize(Attributes.resource(anyone, "list", "", "configmaps", "team", "")).allowed()).isFalse();
        assertThat(rbac.authorize(Attributes.resource(new UserInfo("root", "", java.util.List.of(UserInfo.MASTERS), null),
                "delete", "", "namespaces", "", "x")).allowed()).isTrue();
    }

    static boolean allowed(RbacAuthorizer rbac, UserInfo u, String verb, String group, String resource) {
        return allowed(rbac, u, verb, group, resource, "team");
    }

    static boolean allowed(RbacAuthorizer rbac, UserInfo u, String verb, String group, String resource, String ns) {
        return rbac.authorize(Attributes.resource(u, verb, group, resource, ns, "x")).allowed();
    }
}
