package dev.canopy.server.auth;

import static dev.canopy.server.auth.Fixtures.sa;
import static dev.canopy.server.auth.Fixtures.user;
import static dev.canopy.server.auth.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RbacAuthorizerTest {
    static final RbacIndex INDEX = new RbacIndex();
    static final RbacAuthorizer RBAC = new RbacAuthorizer(INDEX);

    static {
        INDEX.upsert(RbacIndex.ROLES, yaml("""
                metadata: {name: cm-reader, namespace: team-a}
                rules:
                - {apiGroups: [""], resources: [configmaps], verbs: [get, list]}
                - {apiGroups: [""], resources: [secrets], resourceNames: [allowed], verbs: [get]}
                """));
        INDEX.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: status-writer}
                rules:
                - {apiGroups: ["tenancy.canopy.dev"], resources: ["*/status"], verbs: [update]}
                - {apiGroups: ["*"], resources: ["deployments/scale"], verbs: ["*"]}
                """));
        INDEX.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: metrics}
                rules:
                - {nonResourceURLs: ["/metrics", "/debug/*"], verbs: [get]}
                """));
        INDEX.upsert(RbacIndex.ROLE_BINDINGS, yaml("""
                metadata: {name: read-cms, namespace: team-a}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-reader}
                subjects:
                - {kind: User, name: john}
                - {kind: ServiceAccount, name: builder}
                - {kind: ServiceAccount, name: other, namespace: team-b}
                """));
        INDEX.upsert(RbacIndex.ROLE_BINDINGS, yaml("""
                metadata: {name: status, namespace: team-a}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: status-writer}
                subjects: [{kind: Group, name: writers}]
                """));
        INDEX.upsert(RbacIndex.CLUSTER_ROLE_BINDINGS, yaml("""
                metadata: {name: metrics-for-ops}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: metrics}
                subjects: [{kind: Group, name: ops}]
                """));
    }

    static Attributes res(UserInfo u, String verb, String group, String resource, String ns, String name) {
        return Attributes.resource(u, verb, group, resource, ns, name);
    }

    static Stream<Arguments> cases() {
        UserInfo john = user("john"), mary = user("mary", "writers"), ops = user("olga", "ops");
        return Stream.of(
                Arguments.of("role grants listed verb", res(john, "get", "", "configmaps", "team-a", "x"), true),
                Arguments.of("role does not grant other verbs", res(john, "delete", "", "configmaps", "team-a", "x"), false),
                Arguments.of("rolebinding only counts in its namespace", res(john, "get", "", "configmaps", "team-b", "x"), false),
                Arguments.of("rolebinding does not grant cluster-wide lists", res(john, "list", "", "configmaps", "", ""), false),
                Arguments.of("resourceNames restrict", res(john, "get", "", "secrets", "team-a", "allowed"), true),
                Arguments.of("resourceNames deny others", res(john, "get", "", "secrets", "team-a", "other"), false),
                Arguments.of("resourceNames deny collection", res(john, "get", "", "secrets", "team-a", ""), false),
                Arguments.of("wrong group", res(john, "get", "apps", "configmaps", "team-a", "x"), false),
                Arguments.of("sa subject defaults to binding namespace", res(sa("team-a", "builder"), "list", "", "configmaps", "team-a", ""), true),
                Arguments.of("same sa name elsewhere does not match", res(sa("team-c", "builder"), "list", "", "configmaps", "team-a", ""), false),
                Arguments.of("sa subject with explicit namespace", res(sa("team-b", "other"), "get", "", "configmaps", "team-a", "x"), true),
                Arguments.of("*/status matches any status", res(mary, "update", "tenancy.canopy.dev", "tenants", "team-a", "t").withSubresource("status"), true),
                Arguments.of("*/status does not match the main resource", res(mary, "update", "tenancy.canopy.dev", "tenants", "team-a", "t"), false),
                Arguments.of("*/status does not match other subresources", res(mary, "update", "tenancy.canopy.dev", "tenants", "team-a", "t").withSubresource("scale"), false),
                Arguments.of("resource/subresource exact + * verbs and groups", res(mary, "patch", "apps", "deployments", "team-a", "d").withSubresource("scale"), true),
                Arguments.of("clusterrole through rolebinding only in that namespace", res(mary, "patch", "apps", "deployments", "team-b", "d").withSubresource("scale"), false),
                Arguments.of("group membership is what counts", res(user("writers"), "update", "tenancy.canopy.dev", "tenants", "team-a", "t").withSubresource("status"), false),
                Arguments.of("nonResourceURL exact", Attributes.nonResource(ops, "get", "/metrics"), true),
                Arguments.of("nonResourceURL prefix", Attributes.nonResource(ops, "get", "/debug/pprof/heap"), true),
                Arguments.of("nonResourceURL prefix is not a substring match", Attributes.nonResource(ops, "get", "/debugger"), false),
                Arguments.of("nonResourceURL verb", Attributes.nonResource(ops, "post", "/metrics"), false),
                Arguments.of("no grants", res(user("nobody"), "get", "", "configmaps", "team-a", "x"), false),
                Arguments.of("system:masters may do anything", res(user("root", UserInfo.MASTERS), "delete", "x.y", "whatever", "", "n"), true),
                Arguments.of("system:masters non-resource", Attributes.nonResource(user("root", UserInfo.MASTERS), "delete", "/x"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides_like_kubernetes(String why, Attributes a, boolean allowed) {
        assertThat(RBAC.authorize(a).allowed()).as(why).isEqualTo(allowed);
    }

    @Test
    void reasons_name_binding_role_and_subject_like_kube() {
        assertThat(RBAC.authorize(res(user("john"), "get", "", "configmaps", "team-a", "x")).reason())
                .isEqualTo("RBAC: allowed by RoleBinding \"read-cms/team-a\" of Role \"cm-reader\" to User \"john\"");
        assertThat(RBAC.authorize(res(sa("team-a", "builder"), "get", "", "configmaps", "team-a", "x")).reason())
                .isEqualTo("RBAC: allowed by RoleBinding \"read-cms/team-a\" of Role \"cm-reader\" to ServiceAccount \"builder/team-a\"");
        assertThat(RBAC.authorize(Attributes.nonResource(user("olga", "ops"), "get", "/metrics")).reason())
                .isEqualTo("RBAC: allowed by ClusterRoleBinding \"metrics-for-ops\" of ClusterRole \"metrics\" to Group \"ops\"");
        assertThat(RBAC.authorize(res(user("nobody"), "get", "", "configmaps", "team-a", "x")).reason()).isEmpty();
    }

    RbacIndex index;
    RbacAuthorizer rbac;

    @BeforeEach
    void fresh() {
        index = new RbacIndex();
        rbac = new RbacAuthorizer(index);
    }

    @Test
    void updates_and_deletes_take_effect() {
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("{metadata: {name: r}, rules: [{apiGroups: [''], resources: [secrets], verbs: [get]}]}"));
        index.upsert(RbacIndex.CLUSTER_ROLE_BINDINGS, yaml("{metadata: {name: b}, roleRef: {kind: ClusterRole, name: r}, subjects: [{kind: User, name: ann}]}"));
        Attributes getSecret = res(user("ann"), "get", "", "secrets", "ns", "s");
        assertThat(rbac.authorize(getSecret).allowed()).isTrue();

        // the binding now names someone else: ann loses access
        index.upsert(RbacIndex.CLUSTER_ROLE_BINDINGS, yaml("{metadata: {name: b}, roleRef: {kind: ClusterRole, name: r}, subjects: [{kind: User, name: bob}]}"));
        assertThat(rbac.authorize(getSecret).allowed()).isFalse();
        assertThat(rbac.authorize(res(user("bob"), "get", "", "secrets", "ns", "s")).allowed()).isTrue();

        // the role loses the rule
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("{metadata: {name: r}, rules: []}"));
        assertThat(rbac.authorize(res(user("bob"), "get", "", "secrets", "ns", "s")).allowed()).isFalse();
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("{metadata: {name: r}, rules: [{apiGroups: [''], resources: [secrets], verbs: [get]}]}"));
        assertThat(rbac.authorize(res(user("bob"), "get", "", "secrets", "ns", "s")).allowed()).isTrue();

        index.remove(RbacIndex.CLUSTER_ROLE_BINDINGS, "", "b");
        assertThat(rbac.authorize(res(user("bob"), "get", "", "secrets", "ns", "s")).allowed()).isFalse();
        index.remove(RbacIndex.CLUSTER_ROLE_BINDINGS, "", "b");   // idempotent
    }

    @Test
    void clusterrolebinding_to_a_role_is_ignored() {
        index.upsert(RbacIndex.ROLES, yaml("{metadata: {name: r, namespace: ''}, rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]}"));
        index.upsert(RbacIndex.CLUSTER_ROLE_BINDINGS, yaml("{metadata: {name: b}, roleRef: {kind: Role, name: r}, subjects: [{kind: User, name: ann}]}"));
        assertThat(rbac.authorize(res(user("ann"), "get", "", "secrets", "", "s")).allowed()).isFalse();
    }

    @Test
    void aggregation_unions_selected_roles_transitively_and_follows_label_changes() {
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: top}
                aggregationRule: {clusterRoleSelectors: [{matchLabels: {agg-top: "true"}}]}
                """));
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: middle, labels: {agg-top: "true"}}
                aggregationRule:
                  clusterRoleSelectors: [{matchExpressions: [{key: agg-middle, operator: In, values: ["true"]}]}]
                rules: [{apiGroups: [''], resources: [ignored-own-rule], verbs: [get]}]
                """));
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: leaf, labels: {agg-middle: "true"}}
                rules: [{apiGroups: [''], resources: [configmaps], verbs: [get]}]
                """));
        index.upsert(RbacIndex.CLUSTER_ROLE_BINDINGS, yaml("{metadata: {name: b}, roleRef: {kind: ClusterRole, name: top}, subjects: [{kind: User, name: ann}]}"));
        assertThat(rbac.authorize(res(user("ann"), "get", "", "configmaps", "x", "c")).allowed()).isTrue();
        assertThat(rbac.authorize(res(user("ann"), "get", "", "ignored-own-rule", "x", "c")).allowed()).isFalse();

        // a later kind aggregates in
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: later, labels: {agg-top: "true"}}
                rules: [{apiGroups: [fleet.canopy.dev], resources: [clusters], verbs: [list]}]
                """));
        assertThat(rbac.authorize(res(user("ann"), "list", "fleet.canopy.dev", "clusters", "", "")).allowed()).isTrue();
        // and leaves when its label goes
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("""
                metadata: {name: later}
                rules: [{apiGroups: [fleet.canopy.dev], resources: [clusters], verbs: [list]}]
                """));
        assertThat(rbac.authorize(res(user("ann"), "list", "fleet.canopy.dev", "clusters", "", "")).allowed()).isFalse();
    }

    @Test
    void aggregation_cycles_terminate() {
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("{metadata: {name: a, labels: {x: a}}, aggregationRule: {clusterRoleSelectors: [{matchLabels: {x: b}}]}}"));
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("{metadata: {name: b, labels: {x: b}}, aggregationRule: {clusterRoleSelectors: [{matchLabels: {x: a}}]}}"));
        assertThat(index.rules("ClusterRole", "", "a")).isEmpty();
    }

    @Test
    void rules_for_lists_cluster_and_namespace_grants() {
        RbacAuthorizer.Rules r = RBAC.rulesFor(user("john"), "team-a");
        assertThat(r.resourceRules()).extracting(PolicyRule::resources).containsExactly(List.of("configmaps"), List.of("secrets"));
        assertThat(RBAC.rulesFor(user("john"), "team-b").resourceRules()).isEmpty();
        assertThat(RBAC.rulesFor(user("olga", "ops"), "team-a").nonResourceRules())
                .extracting(PolicyRule::nonResourceURLs).containsExactly(List.of("/metrics", "/debug/*"));
        assertThat(RBAC.rulesFor(user("root", UserInfo.MASTERS), "x").resourceRules().get(0).verbs()).containsExactly("*");
    }

    @Test
    void decisions_stay_right_with_thousands_of_bindings() {
        RbacIndex big = new RbacIndex();
        big.upsert(RbacIndex.CLUSTER_ROLES, yaml("{metadata: {name: r}, rules: [{apiGroups: [''], resources: [configmaps], verbs: [get]}]}"));
        for (int i = 0; i < 5000; i++) {
            big.upsert(RbacIndex.ROLE_BINDINGS, yaml("{metadata: {name: b" + i + ", namespace: ns" + (i % 100) + "}, roleRef: {kind: ClusterRole, name: r},"
                    + " subjects: [{kind: User, name: u" + i + "}, {kind: Group, name: g" + (i % 50) + "}]}"));
        }
        RbacAuthorizer a = new RbacAuthorizer(big);
        UserInfo u = user("u4999", "g1", "g2");
        Attributes yes = res(u, "get", "", "configmaps", "ns99", "c"), no = res(u, "delete", "", "configmaps", "ns7", "c");
        assertThat(a.authorize(yes).allowed()).isTrue();
        assertThat(a.authorize(no).allowed()).isFalse();
        assertThat(big.grantsFor(u, "ns7")).hasSizeLessThan(300);
        List<String> seen = new ArrayList<>();
        big.grantsFor(u, "ns99").forEach(g -> seen.add(g.bindingName()));
        assertThat(seen).contains("b4999");
    }
}
