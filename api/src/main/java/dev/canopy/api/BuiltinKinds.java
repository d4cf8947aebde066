package dev.canopy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.tenancy.Tenant;
import dev.canopy.api.tenancy.TenantRules;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * The kinds Canopy serves. One place: each kind is its model class plus one registration here.
 * Kubernetes' own kinds use fabric8's model classes; Canopy's kinds are records in this module.
 */
public final class BuiltinKinds {
    private BuiltinKinds() {}

    public static final String TENANCY = "tenancy.canopy.dev";
    public static final String APPS = "apps.canopy.dev";
    public static final String FLEET = "fleet.canopy.dev";
    public static final String AUTH = "auth.canopy.dev";
    public static final String RBAC = "rbac.authorization.k8s.io";

    public static Registry registry() {
        Registry r = new Registry();
        // core/v1
        r.register(ResourceType.builder("", "v1", "Namespace", "namespaces", Namespace.class).clusterScoped()
                .statusSubresource().shortNames("ns").nameRule(NameRule.DNS1123_LABEL)
                .columns(Column.path("STATUS", "The phase of the namespace", "status.phase")).build());
        r.register(ResourceType.builder("", "v1", "ConfigMap", "configmaps", ConfigMap.class).shortNames("cm")
                .columns(new Column("DATA", "integer", "Number of data keys", 0, o -> size(o.get("data")) + size(o.get("binaryData")))).build());
        r.register(ResourceType.builder("", "v1", "Secret", "secrets", Secret.class)
                .columns(Column.path("TYPE", "The type of the secret", "type"),
                        new Column("DATA", "integer", "Number of data keys", 0, o -> size(o.get("data")) + size(o.get("stringData")))).build());
        r.register(ResourceType.builder("", "v1", "ServiceAccount", "serviceaccounts", ServiceAccount.class).shortNames("sa")
                .columns(new Column("SECRETS", "integer", "Number of secrets", 0, o -> size(o.get("secrets")))).build());

        // rbac.authorization.k8s.io/v1
        r.register(ResourceType.builder(RBAC, "v1", "Role", "roles", Role.class).nameRule(NameRule.PATH_SEGMENT)
                .columns(createdAt()).build());
        r.register(ResourceType.builder(RBAC, "v1", "ClusterRole", "clusterroles", ClusterRole.class).clusterScoped()
                .nameRule(NameRule.PATH_SEGMENT).columns(createdAt()).build());
        r.register(ResourceType.builder(RBAC, "v1", "RoleBinding", "rolebindings", RoleBinding.class).nameRule(NameRule.PATH_SEGMENT)
                .columns(roleRef(), subjects("User", "USERS"), subjects("Group", "GROUPS"), subjects("ServiceAccount", "SERVICEACCOUNTS")).build());
        r.register(ResourceType.builder(RBAC, "v1", "ClusterRoleBinding", "clusterrolebindings", ClusterRoleBinding.class)
                .clusterScoped().nameRule(NameRule.PATH_SEGMENT)
                .columns(roleRef(), subjects("User", "USERS"), subjects("Group", "GROUPS"), subjects("ServiceAccount", "SERVICEACCOUNTS")).build());

        // authorization.k8s.io/v1 and authentication.k8s.io/v1 (virtual, create-only)
        ReviewKinds.register(r);

        // tenancy.canopy.dev/v1alpha1 (+ Cozystack's group)
        r.register(ResourceType.builder(TENANCY, "v1alpha1", "Tenant", "tenants", Tenant.class).statusSubresource()
                .categories("canopy").nameRule(NameRule.DNS1123_LABEL).validator(TenantRules::validate)
                .columns(Column.path("DOMAIN", "The tenant's domain", "status.domain"),
                        Column.path("TENANT-NAMESPACE", "The namespace the tenant owns", "status.namespace"),
                        Column.wide("ETCD", "Namespace of the tenant whose etcd this tenant uses", o -> Objects.text(o, "status.services.etcd")),
                        Column.wide("INGRESS", "Namespace of the tenant whose ingress this tenant uses", o -> Objects.text(o, "status.services.ingress")),
                        Column.wide("MONITORING", "Namespace of the tenant whose monitoring this tenant uses", o -> Objects.text(o, "status.services.monitoring")),
                        Column.of("READY", "Whether the tenant is ready", o -> condition(o, "Ready"))).build(),
                "apps.cozystack.io/v1alpha1");

        // apps.canopy.dev/v1alpha1 (+ Cozystack's group): managed apps and tenant services
        dev.canopy.api.apps.AppKinds.register(r);
        dev.canopy.api.fleet.FleetKinds.register(r);
        dev.canopy.api.kiosk.TemplateKinds.register(r);
        dev.canopy.api.kiosk.KioskKinds.register(r);
        return r;
    }

    private static int size(JsonNode n) { return n == null ? 0 : n.size(); }

    private static Column createdAt() {
        return new Column("CREATED AT", "string", "Creation time", 0, o -> Objects.text(o, "metadata.creationTimestamp"));
    }

    private static Column roleRef() {
        return Column.of("ROLE", "The role bound", o -> Objects.text(o, "roleRef.kind") + "/" + Objects.text(o, "roleRef.name"));
    }

    private static Column subjects(String kind, String header) {
        return Column.wide(header, "Bound subjects of kind " + kind, o -> {
            List<String> names = new ArrayList<>();
            JsonNode s = o.get("subjects");
            if (s != null) s.forEach(x -> {
                if (kind.equals(x.path("kind").asText())) {
                    names.add(kind.equals("ServiceAccount") ? x.path("namespace").asText() + "/" + x.path("name").asText() : x.path("name").asText());
                }
            });
            return String.join(", ", names);
        });
    }

    /** The status of condition {@code type}, or "Unknown". */
    public static String condition(ObjectNode o, String type) {
        JsonNode cs = Objects.at(o, "status.conditions");
        if (cs.isArray()) for (JsonNode c : cs) if (type.equals(c.path("type").asText())) return c.path("status").asText();
        return "Unknown";
    }
}
