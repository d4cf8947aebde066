package dev.canopy.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Json;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.Authorizer;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.http.Visibility;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorizer and list filter over a hand-fed {@link TenantCache}: grants flow down, never sideways or up. */
class TenantAccessTest {
    static final Registry REGISTRY = BuiltinKinds.registry();
    static final Authorizer DENY = a -> Authorizer.Decision.deny("");
    TenantCache cache;
    TenantAuthorizer authz;
    TenantListFilter filter;
    final UserInfo alice = new UserInfo("alice", "", List.of("system:authenticated"), Map.of());

    static ObjectNode tenant(String ns, String name) {
        ObjectNode t = Json.object().put("apiVersion", "tenancy.canopy.dev/v1alpha1").put("kind", "Tenant");
        t.putObject("metadata").put("namespace", ns).put("name", name);
        t.putObject("spec");
        return t;
    }

    static ObjectNode binding(String ns, String role, String kind, String subject) {
        ObjectNode b = Json.object();
        b.putObject("metadata").put("namespace", ns).put("name", "b-" + subject + "-" + role);
        b.putObject("roleRef").put("kind", "ClusterRole").put("name", "canopy:tenant:" + role);
        b.putArray("subjects").addObject().put("kind", kind).put("name", subject);
        return b;
    }

    static ObjectNode named(String ns, String name) {
        ObjectNode o = Json.object();
        o.putObject("metadata").put("namespace", ns).put("name", name);
        return o;
    }

    @BeforeEach
    void tree() {
        cache = new TenantCache("example.org");
        // children delivered before parents, as a first list may do
        cache.upsertTenant(tenant("tenant-foo", "bar"));
        cache.upsertTenant(tenant("tenant-root", "foo"));
        cache.upsertTenant(tenant("tenant-root", "sib"));
        authz = new TenantAuthorizer(DENY, cache);
        filter = new TenantListFilter(cache);
    }

    boolean allowed(String verb, String group, String resource, String ns, String name) {
        return authz.authorize(Attributes.resource(alice, verb, group, resource, ns, name)).allowed();
    }

    @Test
    void aGrantHoldsInDescendantsOnly() {
        assertThat(cache.tree().contains("tenant-foo-bar")).isTrue();
        cache.upsertBinding(binding("tenant-foo", "admin", "User", "alice"));
        assertThat(allowed("create", "apps.canopy.dev", "postgreses", "tenant-foo-bar", "")).isTrue();
        assertThat(allowed("create", "apps.cozystack.io", "postgreses", "tenant-foo", "")).isTrue();
        assertThat(allowed("get", "apps.canopy.dev", "postgreses", "tenant-sib", "db")).isFalse();
        assertThat(allowed("list", "apps.canopy.dev", "postgreses", "tenant-root", "")).isFalse();
        assertThat(allowed("create", "tenancy.canopy.dev", "tenants", "tenant-foo", "")).as("admin is not super-admin").isFalse();
        assertThat(allowed("get", "tenancy.canopy.dev", "tenants", "tenant-root", "foo")).as("own Tenant object").isTrue();
        assertThat(allowed("get", "tenancy.canopy.dev", "tenants", "tenant-root", "sib")).isFalse();
        assertThat(allowed("get", "", "namespaces", "", "tenant-foo-bar")).isTrue();
        assertThat(allowed("get", "", "namespaces", "", "tenant-sib")).isFalse();
    }

    @Test
    void groupGrantsCountAndRevocationTakesEffect() {
        UserInfo member = new UserInfo("zed", "", List.of("devs"), Map.of());
        cache.upsertBinding(binding("tenant-foo", "view", "Group", "devs"));
        assertThat(cache.grants(member)).containsKey("tenant-foo");
        long before = cache.generation();
        cache.removeBinding(binding("tenant-foo", "view", "Group", "devs"));
        assertThat(cache.grants(member)).isEmpty();
        assertThat(cache.generation()).isGreaterThan(before);
    }

    @Test
    void clusterWideListsAreFilteredForTenantUsersOnly() {
        ResourceType namespaces = REGISTRY.find("", "v1", "namespaces").orElseThrow();
        ResourceType tenants = REGISTRY.find("tenancy.canopy.dev", "v1alpha1", "tenants").orElseThrow();
        assertThat(filter.filter(alice, "list", namespaces, "")).as("no tenant role: RBAC's 403 stands").isEmpty();
        cache.upsertBinding(binding("tenant-foo", "view", "User", "alice"));
        Visibility ns = filter.filter(alice, "list", namespaces, "").orElseThrow();
        assertThat(ns.visible(alice, namespaces, named("", "tenant-foo-bar"))).isTrue();
        assertThat(ns.visible(alice, namespaces, named("", "tenant-sib"))).isFalse();
        assertThat(ns.visible(alice, namespaces, named("", "default"))).isFalse();
        Visibility ts = filter.filter(alice, "watch", tenants, "").orElseThrow();
        assertThat(ts.visible(alice, tenants, named("tenant-root", "foo"))).isTrue();
        assertThat(ts.visible(alice, tenants, named("tenant-root", "sib"))).isFalse();
        assertThat(ts.visible(alice, tenants, named("tenant-root", "root"))).isFalse();
        ResourceType pg = REGISTRY.find("apps.canopy.dev", "v1alpha1", "postgreses").orElseThrow();
        assertThat(filter.filter(alice, "list", pg, "tenant-sib")).as("a namespaced list keeps the 403").isEmpty();
        assertThat(filter.filter(alice, "delete", namespaces, "")).isEmpty();
    }

    @Test
    void platformAdminsAreMastersAndRootSuperAdmins() {
        assertThat(cache.platformAdmin(new UserInfo("admin", "", List.of(UserInfo.MASTERS), Map.of()))).isTrue();
        assertThat(cache.platformAdmin(alice)).isFalse();
        cache.upsertBinding(binding("tenant-foo", "super-admin", "User", "alice"));
        assertThat(cache.platformAdmin(alice)).isFalse();
        cache.upsertBinding(binding("tenant-root", "super-admin", "User", "alice"));
        assertThat(cache.platformAdmin(alice)).isTrue();
    }
}
