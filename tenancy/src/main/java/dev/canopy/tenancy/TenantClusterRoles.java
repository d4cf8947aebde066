package dev.canopy.tenancy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the four tenant ClusterRoles ({@code canopy:tenant:view|use|admin|super-admin}), the one
 * source of truth for what each level may do. The server stores them as ClusterRoles (so
 * {@code kubectl describe clusterrole} tells users the truth) and the authorizer asks
 * {@link #allows} (a hash lookup) instead of re-evaluating the rules on every request.
 *
 * <p>Each role lists its rules in full rather than by aggregation, so one ClusterRole read shows all
 * it grants. Status subresources are readable, never writable: only controllers write status.
 */
public final class TenantClusterRoles {
    private TenantClusterRoles() {}

    /** Groups serving Tenant: Canopy's own and Cozystack's alias. */
    public static final List<String> TENANCY_GROUPS = List.of("tenancy.canopy.dev", "apps.cozystack.io");
    /** Groups serving the managed apps and tenant services. */
    public static final List<String> APPS_GROUPS = List.of("apps.canopy.dev", "apps.cozystack.io");
    /** Managed apps: admins create, update and delete them. */
    public static final List<String> APP_RESOURCES = List.of("kuberneteses", "postgreses");
    /** Tenant services: only super-admins change them (like a tenant's {@code spec.etcd} toggle). */
    public static final List<String> SERVICE_RESOURCES = List.of("etcds", "ingresses", "monitorings");

    public static final List<String> READ = List.of("get", "list", "watch");
    public static final List<String> WRITE = List.of("create", "update", "patch", "delete", "deletecollection");

    /** One rule in PolicyRule shape. */
    public record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {
        public Rule {
            apiGroups = List.copyOf(apiGroups);
            resources = List.copyOf(resources);
            verbs = List.copyOf(verbs);
        }

        public PolicyRule toPolicyRule() {
            return new PolicyRuleBuilder().withApiGroups(apiGroups).withResources(resources).withVerbs(verbs).build();
        }
    }

    private static final Map<TenantRole, List<Rule>> RULES = new EnumMap<>(TenantRole.class);
    private static final Map<TenantRole, Set<String>> INDEX = new EnumMap<>(TenantRole.class);

    static {
        List<String> appsAndServices = new ArrayList<>(APP_RESOURCES);
        appsAndServices.addAll(SERVICE_RESOURCES);
        List<Rule> view = List.of(
                new Rule(TENANCY_GROUPS, withStatus(List.of("tenants")), READ),
                new Rule(APPS_GROUPS, withStatus(appsAndServices), READ),
                new Rule(List.of(""), List.of("configmaps"), READ));
        List<Rule> use = concat(view, List.of(new Rule(List.of(""), List.of("secrets"), READ)));
        List<Rule> admin = concat(use, List.of(
                new Rule(APPS_GROUPS, APP_RESOURCES, WRITE),
                new Rule(List.of(""), List.of("secrets", "configmaps"), WRITE)));
        List<Rule> superAdmin = concat(admin, List.of(
                new Rule(TENANCY_GROUPS, List.of("tenants"), WRITE),
                new Rule(APPS_GROUPS, SERVICE_RESOURCES, WRITE)));
        RULES.put(TenantRole.VIEW, view);
        RULES.put(TenantRole.USE, use);
        RULES.put(TenantRole.ADMIN, admin);
        RULES.put(TenantRole.SUPER_ADMIN, superAdmin);
        RULES.forEach((role, rules) -> {
            Set<String> keys = new HashSet<>();
            for (Rule r : rules) for (String g : r.apiGroups()) for (String res : r.resources()) for (String v : r.verbs()) keys.add(key(v, g, res));
            INDEX.put(role, Set.copyOf(keys));
        });
    }

    /** The rules of {@code role}, including everything the lower roles grant. */
    public static List<Rule> rules(TenantRole role) { return RULES.get(role); }

    /** The four ClusterRoles, ready to be stored. */
    public static List<ClusterRole> clusterRoles() {
        List<ClusterRole> out = new ArrayList<>();
        for (TenantRole role : TenantRole.values()) {
            out.add(new ClusterRoleBuilder()
                    .withMetadata(new ObjectMetaBuilder().withName(role.clusterRole())
                            .addToLabels("app.kubernetes.io/managed-by", "canopy")
                            .addToAnnotations("canopy.dev/description", description(role)).build())
                    .withRules(rules(role).stream().map(Rule::toPolicyRule).toList())
                    .build());
        }
        return out;
    }

    /**
     * Whether {@code role} may perform {@code verb} on {@code resource} (optionally {@code resource/subresource})
     * of {@code group}. Constant time.
     */
    public static boolean allows(TenantRole role, String verb, String group, String resource) {
        return role != null && INDEX.get(role).contains(key(verb, group == null ? "" : group, resource));
    }

    private static String description(TenantRole role) {
        return switch (role) {
            case VIEW -> "Read tenants, apps, services and configmaps in the tenant and all its descendants (not secrets).";
            case USE -> "View, plus read secrets (app credentials) in the tenant and all its descendants.";
            case ADMIN -> "Use, plus create, update and delete apps, secrets and configmaps; not tenant services or child tenants.";
            case SUPER_ADMIN -> "Admin, plus create, update and delete child tenants and tenant services (etcd, ingress, monitoring).";
        };
    }

    private static List<String> withStatus(List<String> resources) {
        List<String> out = new ArrayList<>(resources);
        for (String r : resources) out.add(r + "/status");
        return out;
    }

    private static List<Rule> concat(List<Rule> a, List<Rule> b) {
        List<Rule> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static String key(String verb, String group, String resource) { return verb + '|' + group + '|' + resource; }
}
