package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Objects;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' RBAC privilege-escalation prevention, for admission of Role/ClusterRole/RoleBinding/
 * ClusterRoleBinding writes. Without it, anyone allowed to write RoleBindings in a namespace could bind
 * {@code cluster-admin} there and take everything.
 *
 * <ul>
 *   <li>Writing a Role/ClusterRole is allowed when the user holds the {@code escalate} verb on it, or already
 *       has every permission it grants (in its namespace; cluster-wide for a ClusterRole). A ClusterRole with an
 *       {@code aggregationRule} could pull in anything, so it needs {@code escalate} or full access.</li>
 *   <li>Writing a RoleBinding/ClusterRoleBinding is allowed when the user holds {@code bind} on the referenced
 *       role, or already has every permission that role grants where the binding applies.</li>
 * </ul>
 * Thread-safe; answers from the authorizer and the index (no I/O).
 */
public final class RbacEscalation {
    private static final String RBAC = "rbac.authorization.k8s.io";
    private final Authorizer authorizer;
    private final RbacIndex index;

    public RbacEscalation(Authorizer authorizer, RbacIndex index) {
        this.authorizer = authorizer;
        this.index = index;
    }

    /**
     * Checks a create/update of {@code object} (one of {@link RbacIndex#RESOURCES}); returns normally when
     * allowed, else throws 403 in kube's words ({@code ... is forbidden: user "x" ... is attempting to grant
     * RBAC permissions not currently held: ...}). Other storage resources are ignored.
     */
    public void check(UserInfo user, String storageResource, ObjectNode object) {
        String ns = Objects.namespace(object), name = Objects.name(object);
        switch (storageResource) {
            case RbacIndex.ROLES -> checkRole(user, "roles", ns, name, PolicyRule.listFrom(object.get("rules")), false);
            case RbacIndex.CLUSTER_ROLES -> checkRole(user, "clusterroles", "", name, PolicyRule.listFrom(object.get("rules")),
                    object.hasNonNull("aggregationRule"));
            case RbacIndex.ROLE_BINDINGS, RbacIndex.CLUSTER_ROLE_BINDINGS -> checkBinding(user, storageResource, ns, name, object);
            default -> { }
        }
    }

    private void checkRole(UserInfo user, String plural, String ns, String name, List<PolicyRule> rules, boolean aggregated) {
        if (allowed(Attributes.resource(user, "escalate", RBAC, plural, ns, name))) return;
        List<PolicyRule> missing = aggregated
                ? (covers(user, "", PolicyRule.resource(List.of("*"), List.of("*"), List.of("*"))) ? List.of()
                        : List.of(PolicyRule.resource(List.of("*"), List.of("*"), List.of("*"))))
                : missing(user, ns, rules);
        if (!missing.isEmpty()) throw forbidden(user, plural, ns, name, missing);
    }

    private void checkBinding(UserInfo user, String storageResource, String ns, String name, ObjectNode binding) {
        String roleKind = Objects.text(binding, "roleRef.kind"), roleName = Objects.text(binding, "roleRef.name");
        String rolePlural = "Role".equals(roleKind) ? "roles" : "clusterroles";
        if (allowed(Attributes.resource(user, "bind", RBAC, rolePlural, "Role".equals(roleKind) ? ns : "", roleName))) return;
        List<PolicyRule> missing = missing(user, ns, index.rules(roleKind, ns, roleName));
        if (!missing.isEmpty()) {
            throw forbidden(user, storageResource.equals(RbacIndex.ROLE_BINDINGS) ? "rolebindings" : "clusterrolebindings", ns, name, missing);
        }
    }

    private List<PolicyRule> missing(UserInfo user, String ns, List<PolicyRule> rules) {
        List<PolicyRule> out = new ArrayList<>();
        for (PolicyRule r : rules) if (!covers(user, ns, r)) out.add(r);
        return out;
    }

    /** Whether the user may already do everything {@code rule} grants, checked atom by atom. */
    boolean covers(UserInfo user, String ns, PolicyRule rule) {
        for (String verb : rule.verbs()) {
            for (String url : rule.nonResourceURLs()) {
                if (!allowed(Attributes.nonResource(user, verb, url))) return false;
            }
            for (String group : rule.apiGroups()) {
                for (String resource : rule.resources()) {
                    int slash = resource.indexOf('/');
                    String res = slash < 0 ? resource : resource.substring(0, slash), sub = slash < 0 ? "" : resource.substring(slash + 1);
                    List<String> names = rule.resourceNames().isEmpty() ? List.of("") : rule.resourceNames();
                    for (String n : names) {
                        if (!allowed(Attributes.resource(user, verb, group, res, ns, n).withSubresource(sub))) return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean allowed(Attributes a) { return authorizer.authorize(a).allowed(); }

    private static ApiException forbidden(UserInfo user, String plural, String ns, String name, List<PolicyRule> missing) {
        StringBuilder sb = new StringBuilder();
        sb.append(plural).append('.').append(RBAC).append(' ').append(RbacMessages.q(name)).append(" is forbidden: user ")
                .append(RbacMessages.q(user.name())).append(" (groups=").append(user.groups()).append(") is attempting to grant RBAC permissions not currently held:");
        for (PolicyRule r : missing) sb.append("\n").append(describe(r));
        return new ApiException(403, "Forbidden", sb.toString(), plural + "." + RBAC, name, List.of());
    }

    private static String describe(PolicyRule r) {
        StringBuilder sb = new StringBuilder("{");
        if (!r.apiGroups().isEmpty()) sb.append("APIGroups:").append(r.apiGroups()).append(", ");
        if (!r.resources().isEmpty()) sb.append("Resources:").append(r.resources()).append(", ");
        if (!r.resourceNames().isEmpty()) sb.append("ResourceNames:").append(r.resourceNames()).append(", ");
        if (!r.nonResourceURLs().isEmpty()) sb.append("NonResourceURLs:").append(r.nonResourceURLs()).append(", ");
        return sb.append("Verbs:").append(r.verbs()).append('}').toString();
    }
}
