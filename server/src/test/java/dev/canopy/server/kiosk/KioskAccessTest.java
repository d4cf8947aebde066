package dev.canopy.server.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Json;
import dev.canopy.api.ResourceType;
import dev.canopy.api.selector.LabelSelector;
import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.Authorizer;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.http.Visibility;
import dev.canopy.tenancy.TenantRole;
import dev.canopy.tenancy.TenantTree;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who sees and manages what, from the in-memory indexes: access rules, the authorizer, the list filter. */
class KioskAccessTest {
    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    static final TenantTree TREE = TenantTree.of("example.org", List.of(
            yaml("metadata: {name: foo, namespace: tenant-root}\nspec: {}\n"), yaml("metadata: {name: bar, namespace: tenant-root}\nspec: {}\n")));
    static final Map<String, Map<String, TenantRole>> GRANTS = Map.of("root-admin", Map.of("tenant-root", TenantRole.ADMIN),
            "foo-admin", Map.of("tenant-foo", TenantRole.ADMIN), "foo-viewer", Map.of("tenant-foo", TenantRole.VIEW));

    static final KioskCache CACHE = KioskCache.of(List.of(
            yaml("metadata: {name: a-foo}\nspec: {tenant: tenant-foo, subjects: [{kind: User, name: ann}, {kind: Group, name: devs}]}\n"),
            yaml("metadata: {name: a-bar}\nspec: {tenant: tenant-bar, subjects: [{kind: ServiceAccount, name: bot, namespace: ci}]}\n")),
            Map.of("s1", "a-foo", "s2", "a-bar", "s3", "gone"));
    static final KioskAccess ACCESS = new KioskAccess(CACHE, new KioskAccess.Tenants() {
        @Override public Map<String, TenantRole> grants(UserInfo user) { return GRANTS.getOrDefault(user.name(), Map.of()); }
        @Override public TenantTree tree() { return TREE; }
        @Override public long generation() { return 0; }
    });

    static UserInfo user(String name, String... groups) { return new UserInfo(name, "", List.of(groups), Map.of()); }

    @Test
    void seeingAndManaging() {
        // table: user → sees a-foo, a-bar, s1, s2, s3; manages a-foo
        record Row(UserInfo user, boolean aFoo, boolean aBar, boolean s1, boolean s2, boolean s3, boolean manageFoo) {}
        for (Row r : List.of(
                new Row(user("ann"), true, false, true, false, false, false),
                new Row(user("zed", "devs"), true, false, true, false, false, false),
                new Row(user("system:serviceaccount:ci:bot"), false, true, false, true, false, false),
                new Row(user("foo-admin"), true, false, true, false, false, true),
                new Row(user("root-admin"), true, true, true, true, false, true),
                new Row(user("foo-viewer"), false, false, false, false, false, false),
                new Row(user("nobody"), false, false, false, false, false, false))) {
            String who = r.user().name();
            assertThat(ACCESS.canSeeAccount(r.user(), "a-foo")).as(who + " a-foo").isEqualTo(r.aFoo());
            assertThat(ACCESS.canSeeAccount(r.user(), "a-bar")).as(who + " a-bar").isEqualTo(r.aBar());
            assertThat(ACCESS.canSeeSpace(r.user(), "s1")).as(who + " s1").isEqualTo(r.s1());
            assertThat(ACCESS.canSeeSpace(r.user(), "s2")).as(who + " s2").isEqualTo(r.s2());
            assertThat(ACCESS.canSeeSpace(r.user(), "s3")).as(who + " s3 (orphaned)").isEqualTo(r.s3());
            assertThat(ACCESS.canManageAccount(r.user(), "a-foo")).as(who + " manages a-foo").isEqualTo(r.manageFoo());
        }
    }

    @Test
    void authorizerAllowsByNameWhatIsVisible() {
        Authorizer nothing = a -> Authorizer.Decision.deny("");
        KioskAuthorizer k = new KioskAuthorizer(nothing, ACCESS);
        assertThat(k.authorize(Attributes.resource(user("ann"), "get", "tenancy.kiosk.sh", "spaces", "", "s1")).allowed()).isTrue();
        assertThat(k.authorize(Attributes.resource(user("ann"), "get", "tenancy.kiosk.sh", "spaces", "", "s2")).allowed()).isFalse();
        assertThat(k.authorize(Attributes.resource(user("ann"), "delete", "tenancy.kiosk.sh", "spaces", "", "s1")).allowed()).as("kiosk-edit and admission decide").isFalse();
        assertThat(k.authorize(Attributes.resource(user("foo-admin"), "delete", "tenancy.kiosk.sh", "spaces", "", "s1")).allowed()).isTrue();
        assertThat(k.authorize(Attributes.resource(user("ann"), "update", "config.kiosk.sh", "accounts", "", "a-foo")).allowed()).isFalse();
        assertThat(k.authorize(Attributes.resource(user("foo-admin"), "update", "config.kiosk.sh", "accounts", "", "a-foo")).allowed()).isTrue();
        assertThat(k.authorize(Attributes.resource(user("foo-admin"), "update", "config.kiosk.sh", "accounts", "", "a-foo").withSubresource("status")).allowed()).isFalse();
        assertThat(k.authorize(Attributes.resource(user("foo-admin"), "create", "config.kiosk.sh", "accounts", "", "")).allowed()).isTrue();
        assertThat(k.authorize(Attributes.resource(user("ann"), "create", "config.kiosk.sh", "accounts", "", "")).allowed()).isFalse();
        assertThat(k.authorize(Attributes.resource(user("ann"), "list", "tenancy.kiosk.sh", "spaces", "", "")).allowed()).as("lists go through the filter").isFalse();
    }

    @Test
    void spaceListsAreNarrowedToTheCallersAccounts() {
        ResourceType spaces = BuiltinKinds.registry().byKind("tenancy.kiosk.sh/v1alpha1", "Space").orElseThrow();
        KioskListFilter f = new KioskListFilter(ACCESS);
        Visibility ann = f.filter(user("ann"), "list", spaces, "").orElseThrow();
        assertThat(ann.labelRequirement()).isEqualTo(new LabelSelector.Requirement("tenancy.canopy.dev/account", LabelSelector.Operator.IN, List.of("a-foo")));
        assertThat(ann.visible(user("ann"), spaces, yaml("metadata: {name: s1}\nspec: {account: a-foo}\n"))).isTrue();
        assertThat(ann.visible(user("ann"), spaces, yaml("metadata: {name: s2}\nspec: {account: a-bar}\n"))).isFalse();
        assertThat(f.filter(user("nobody"), "list", spaces, "").orElseThrow().labelRequirement().values()).as("sees nothing").isEmpty();
        assertThat(f.filter(user("root-admin"), "list", spaces, "").orElseThrow().labelRequirement()).as("tenant admins: not narrowed").isNull();
        assertThat(f.filter(user("ann"), "create", spaces, "")).isEmpty();
    }
}
