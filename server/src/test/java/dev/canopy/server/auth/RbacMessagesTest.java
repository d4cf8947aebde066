package dev.canopy.server.auth;

import static dev.canopy.server.auth.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RbacMessagesTest {
    @Test
    void namespaced_object() {
        assertThat(RbacMessages.forbidden(Attributes.resource(user("john"), "get", "", "configmaps", "default", "foo"), ""))
                .isEqualTo("configmaps \"foo\" is forbidden: User \"john\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"default\"");
    }

    @Test
    void collection_at_cluster_scope_with_group() {
        assertThat(RbacMessages.forbidden(Attributes.resource(user("john"), "list", "tenancy.canopy.dev", "tenants", "", ""), null))
                .isEqualTo("tenants.tenancy.canopy.dev is forbidden: User \"john\" cannot list resource \"tenants\" in API group \"tenancy.canopy.dev\" at the cluster scope");
    }

    @Test
    void subresource_and_reason() {
        var e = RbacMessages.forbiddenException(Attributes.resource(user("john"), "create", "", "serviceaccounts", "ns", "sa").withSubresource("token"), "no way");
        assertThat(e.code()).isEqualTo(403);
        assertThat(e.reason()).isEqualTo("Forbidden");
        assertThat(e.getMessage()).isEqualTo("serviceaccounts \"sa\" is forbidden: User \"john\" cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace \"ns\": no way");
    }

    @Test
    void non_resource_path() {
        assertThat(RbacMessages.forbidden(Attributes.nonResource(user("john"), "get", "/metrics"), ""))
                .isEqualTo("forbidden: User \"john\" cannot get path \"/metrics\"");
    }
}
