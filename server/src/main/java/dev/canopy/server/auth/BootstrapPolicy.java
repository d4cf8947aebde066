package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import java.util.ArrayList;
import java.util.List;

/**
 * The ClusterRoles and ClusterRoleBindings every seed has, modelled on Kubernetes' bootstrap policy:
 * {@code cluster-admin} (bound to {@code system:masters}); the aggregated user-facing roles {@code admin},
 * {@code edit}, {@code view} whose rules come from ClusterRoles labelled
 * {@code rbac.authorization.k8s.io/aggregate-to-admin|edit|view: "true"} (so later kinds aggregate in, and
 * edit ⊂ admin, view ⊂ edit as in Kubernetes); and {@code system:basic-user}, {@code system:discovery},
 * {@code system:public-info-viewer} bound to {@code system:authenticated}. Stateless.
 */
public final class BootstrapPolicy {
    private BootstrapPolicy() {}

    public static final String BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
    public static final String BOOTSTRAP_VALUE = "rbac-defaults";
    public static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
    private static final String AGG = "rbac.authorization.k8s.io/aggregate-to-";
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE = List.of("create", "delete", "deletecollection", "patch", "update");
    private static final List<String> APPS = List.of("apps.canopy.dev", "apps.cozystack.io");
    /** Canopy's tenancy kinds and the anchors' alias groups that serve them (DESIGN.md). */
    private static final List<PolicyRule> TENANCY = List.of(
            PolicyRule.resource(List.of(), List.of("tenancy.canopy.dev"), List.of("tenants", "accounts", "spaces", "accountquotas", "templates", "templateinstances")),
            PolicyRule.resource(List.of(), List.of("apps.cozystack.io"), List.of("tenants")),
            PolicyRule.resource(List.of(), List.of("config.kiosk.sh"), List.of("accounts", "accountquotas", "templates", "templateinstances")),
            PolicyRule.resource(List.of(), List.of("tenancy.kiosk.sh"), List.of("spaces", "accounts")));

    /** The objects to reconcile, as storage resource + object. */
    public record Item(String storageResource, ObjectNode object) {
        public String name() { return Objects.name(object); }
    }

    /** What a reconcile did, by {@code storageResource/name}. */
    public record Result(List<String> created, List<String> updated) {}

    public static List<Item> items() {
        List<Item> out = new ArrayList<>();
        for (ObjectNode r : clusterRoles()) out.add(new Item(RbacIndex.CLUSTER_ROLES, r));
        for (ObjectNode b : clusterRoleBindings()) out.add(new Item(RbacIndex.CLUSTER_ROLE_BINDINGS, b));
        return out;
    }

    public static List<ObjectNode> clusterRoles() {
        List<ObjectNode> out = new ArrayList<>();
        out.add(role("cluster-admin", null, List.of(
                PolicyRule.resource(List.of("*"), List.of("*"), List.of("*")),
                PolicyRule.nonResource(List.of("*"), List.of("*")))));
        out.add(aggregated("admin", null, "admin"));
        out.add(aggregated("edit", "admin", "edit"));
        out.add(aggregated("view", "edit", "view"));
        out.add(role("system:aggregate-to-admin", "admin", List.of(
                PolicyRule.resource(concat(READ, WRITE), List.of("rbac.authorization.k8s.io"), List.of("roles", "rolebindings")),
                PolicyRule.resource(List.of("create"), List.of("authorization.k8s.io"), List.of("localsubjectaccessreviews")))));
        out.add(role("system:aggregate-to-edit", "edit", concat(List.of(
                PolicyRule.resource(concat(READ, WRITE), List.of(""), List.of("configmaps", "secrets", "serviceaccounts")),
                PolicyRule.resource(List.of("create"), List.of(""), List.of("serviceaccounts/token")),
                PolicyRule.resource(List.of("impersonate"), List.of(""), List.of("serviceaccounts")),
                PolicyRule.resource(WRITE, APPS, List.of("*"))), tenancy(WRITE, false))));
        out.add(role("system:aggregate-to-view", "view", concat(List.of(
                PolicyRule.resource(READ, List.of(""), List.of("configmaps", "serviceaccounts", "namespaces", "namespaces/status")),
                PolicyRule.resource(READ, APPS, List.of("*"))), tenancy(READ, true))));
        out.addAll(kioskRoles());
        out.add(role("system:basic-user", null, List.of(
                PolicyRule.resource(List.of("create"), List.of("authorization.k8s.io"), List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")),
                PolicyRule.resource(List.of("create"), List.of("authentication.k8s.io"), List.of("selfsubjectreviews")))));
        out.add(role("system:discovery", null, List.of(PolicyRule.nonResource(List.of("get"), List.of(
                "/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version", "/version/", "/healthz", "/readyz", "/livez")))));
        out.add(role("system:public-info-viewer", null, List.of(PolicyRule.nonResource(List.of("get"), List.of(
                "/healthz", "/livez", "/readyz", "/version", "/version/")))));
        return out;
    }

    /** kiosk's label: ClusterRoles carrying it aggregate into {@code kiosk-space-admin}. */
    public static final String AGGREGATE_TO_SPACE_ADMIN = "rbac.kiosk.sh/aggregate-to-space-admin";

    /**
     * kiosk's ClusterRoles, with kiosk's meaning: {@code kiosk-edit} may create, update and delete Spaces (bind
     * it to {@code system:authenticated} as kiosk's {@code rbac-creator.yaml} does; which account a Space may use,
     * and which Space a caller may change, admission decides); {@code kiosk-space-admin} is {@code admin} plus
     * deleting the namespace it is bound in (so Space owners can delete their Spaces), aggregating every
     * ClusterRole labelled {@code rbac.kiosk.sh/aggregate-to-space-admin: "true"}.
     */
    static List<ObjectNode> kioskRoles() {
        List<String> groups = List.of("tenancy.kiosk.sh", "tenancy.canopy.dev");
        ObjectNode edit = role("kiosk-edit", null, List.of(
                PolicyRule.resource(List.of("create", "update", "patch", "delete"), groups, List.of("spaces"))));
        ObjectNode admin = meta("ClusterRole", "kiosk-space-admin", null);
        ArrayNode sel = admin.putObject("aggregationRule").putArray("clusterRoleSelectors");
        sel.addObject().putObject("matchLabels").put(AGG + "admin", "true");
        sel.addObject().putObject("matchLabels").put(AGGREGATE_TO_SPACE_ADMIN, "true");
        admin.putArray("rules");
        ObjectNode base = role("kiosk-space-admin-base", null, List.of(
                PolicyRule.resource(List.of("get", "delete"), List.of(""), List.of("namespaces"))));
        ((ObjectNode) base.get("metadata").get("labels")).put(AGGREGATE_TO_SPACE_ADMIN, "true");
        return List.of(edit, admin, base);
    }

    public static List<ObjectNode> clusterRoleBindings() {
        return List.of(
                binding("cluster-admin", "cluster-admin", UserInfo.MASTERS),
                binding("system:basic-user", "system:basic-user", UserInfo.AUTHENTICATED),
                binding("system:discovery", "system:discovery", UserInfo.AUTHENTICATED),
                binding("system:public-info-viewer", "system:public-info-viewer", UserInfo.AUTHENTICATED));
    }

    /**
     * Creates missing objects and brings bootstrap-labelled ones (unless annotated
     * {@code rbac.authorization.kubernetes.io/autoupdate: "false"}) back to their defaults: rules and
     * aggregationRule for roles, roleRef and subjects for bindings. Idempotent; safe on every start of
     * every replica (a 409 from a concurrent replica is ignored, that replica did the same write).
     */
    public static Result reconcile(PolicyStore store) {
        List<String> created = new ArrayList<>(), updated = new ArrayList<>();
        for (Item item : items()) {
            String id = item.storageResource() + "/" + item.name();
            try {
                var existing = store.get(item.storageResource(), item.name());
                if (existing.isEmpty()) {
                    store.create(item.storageResource(), item.object().deepCopy());
                    created.add(id);
                    continue;
                }
                ObjectNode have = existing.get();
                if (!BOOTSTRAP_VALUE.equals(Objects.labels(have).get(BOOTSTRAP_LABEL))) continue;
                if ("false".equals(Objects.annotations(have).get(AUTOUPDATE))) continue;
                List<String> fields = item.storageResource().equals(RbacIndex.CLUSTER_ROLES)
                        ? List.of("rules", "aggregationRule") : List.of("roleRef", "subjects");
                if (fields.stream().allMatch(f -> same(have.get(f), item.object().get(f)))) continue;
                ObjectNode next = have.deepCopy();
                for (String f : fields) {
                    if (item.object().has(f)) next.set(f, item.object().get(f).deepCopy());
                    else next.remove(f);
                }
                store.update(item.storageResource(), next);
                updated.add(id);
            } catch (ApiException e) {
                if (e.code() != 409) throw e;
            }
        }
        return new Result(created, updated);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        boolean ae = a == null || a.isNull() || (a.isArray() && a.isEmpty());
        boolean be = b == null || b.isNull() || (b.isArray() && b.isEmpty());
        return ae && be || a != null && a.equals(b);
    }

    private static ObjectNode meta(String kind, String name, String aggregateTo) {
        ObjectNode o = Json.object().put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", kind);
        ObjectNode m = o.putObject("metadata");
        m.put("name", name);
        ObjectNode labels = m.putObject("labels");
        labels.put(BOOTSTRAP_LABEL, BOOTSTRAP_VALUE);
        if (aggregateTo != null) labels.put(AGG + aggregateTo, "true");
        m.putObject("annotations").put(AUTOUPDATE, "true");
        return o;
    }

    private static ObjectNode role(String name, String aggregateTo, List<PolicyRule> rules) {
        ObjectNode o = meta("ClusterRole", name, aggregateTo);
        o.set("rules", PolicyRule.toJson(rules));
        return o;
    }

    /** An aggregated role: its rules are those of every ClusterRole labelled aggregate-to-{@code selects}. */
    private static ObjectNode aggregated(String name, String aggregateTo, String selects) {
        ObjectNode o = meta("ClusterRole", name, aggregateTo);
        ArrayNode sel = o.putObject("aggregationRule").putArray("clusterRoleSelectors");
        sel.addObject().putObject("matchLabels").put(AGG + selects, "true");
        o.putArray("rules");
        return o;
    }

    private static ObjectNode binding(String name, String clusterRole, String group) {
        ObjectNode o = meta("ClusterRoleBinding", name, null);
        o.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole").put("name", clusterRole);
        o.putArray("subjects").addObject().put("apiGroup", "rbac.authorization.k8s.io").put("kind", "Group").put("name", group);
        return o;
    }

    private static List<PolicyRule> tenancy(List<String> verbs, boolean withStatus) {
        return TENANCY.stream().map(r -> PolicyRule.resource(verbs, r.apiGroups(),
                withStatus ? concat(r.resources(), r.resources().stream().map(x -> x + "/status").toList()) : r.resources())).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
