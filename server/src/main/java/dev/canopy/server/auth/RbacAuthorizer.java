package dev.canopy.server.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Kubernetes RBAC over an {@link RbacIndex}: allowed when any rule of any role bound to the user (by name,
 * group, or as a service account) matches; RoleBindings count only in their own namespace. Members of
 * {@code system:masters} are always allowed, as kube-apiserver's privileged-groups authorizer does.
 * Never denies explicitly (RBAC has no deny rules): a "no" has an empty reason so later authorizers may
 * still allow. Thread-safe; no I/O.
 */
public final class RbacAuthorizer implements Authorizer {
    private final RbacIndex index;

    public RbacAuthorizer(RbacIndex index) { this.index = index; }

    public RbacIndex index() { return index; }

    @Override
    public Decision authorize(Attributes a) {
        UserInfo user = a.user();
        if (user == null) return Decision.deny("");
        if (user.inGroup(UserInfo.MASTERS)) return Decision.allow("RBAC: allowed by group \"" + UserInfo.MASTERS + "\"");
        // Non-resource requests and cluster-scoped requests have no namespace, so only ClusterRoleBindings apply.
        String ns = a.resourceRequest() ? a.namespace() : "";
        for (RbacIndex.Grant g : index.grantsFor(user, ns)) {
            for (PolicyRule r : index.rules(g.roleKind(), g.bindingNamespace(), g.roleName())) {
                if (r.allows(a)) return Decision.allow("RBAC: allowed by " + g.describe());
            }
        }
        return Decision.deny("");
    }

    /** What {@code user} may do in {@code namespace} ("" = cluster-wide grants only), for SelfSubjectRulesReview. */
    public Rules rulesFor(UserInfo user, String namespace) {
        if (user.inGroup(UserInfo.MASTERS)) {
            return new Rules(List.of(PolicyRule.resource(List.of("*"), List.of("*"), List.of("*"))),
                    List.of(PolicyRule.nonResource(List.of("*"), List.of("*"))));
        }
        LinkedHashSet<PolicyRule> resource = new LinkedHashSet<>(), nonResource = new LinkedHashSet<>();
        for (RbacIndex.Grant g : index.grantsFor(user, namespace == null ? "" : namespace)) {
            for (PolicyRule r : index.rules(g.roleKind(), g.bindingNamespace(), g.roleName())) {
                if (!r.nonResourceURLs().isEmpty()) {
                    // RoleBindings never grant non-resource URLs: they only apply to namespaced requests.
                    if (g.clusterWide()) nonResource.add(PolicyRule.nonResource(r.verbs(), r.nonResourceURLs()));
                }
                if (!r.resources().isEmpty()) {
                    resource.add(new PolicyRule(r.verbs(), r.apiGroups(), r.resources(), r.resourceNames(), List.of()));
                }
            }
        }
        return new Rules(new ArrayList<>(resource), new ArrayList<>(nonResource));
    }

    /** Resource rules (no nonResourceURLs) and non-resource rules (verbs + nonResourceURLs only). */
    public record Rules(List<PolicyRule> resourceRules, List<PolicyRule> nonResourceRules) {}
}
