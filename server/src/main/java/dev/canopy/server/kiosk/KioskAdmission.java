package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.admission.AdmissionRequest;
import dev.canopy.server.admission.Operation;
import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.Authorizer;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.kiosk.SpaceRules;
import java.util.List;
import java.util.Map;

/**
 * Step 4: the seed's own admission of Spaces, Accounts and AccountQuotas (no webhook: enforcement never waits
 * for one to be up, kiosk #148). The atomic part of a Space create (limit, writes) is {@link SpaceStore}'s.
 *
 * <ul>
 *   <li>Space create: {@code spec.account} required (400); an account the caller cannot see answers 404; the
 *       caller must be a subject of it, an admin of its tenant, or allowed to create namespaces (else 403);
 *       labels and annotations merged from the account's spaceTemplate, account and cluster labels set,
 *       {@code spec.cluster} chosen ({@link SpaceRules#chooseCluster}).</li>
 *   <li>Space update and delete: as kiosk, the caller needs the same verb on the Space's namespace (the
 *       account's clusterRole in it, e.g. {@code kiosk-space-admin} allows delete), or to administer the
 *       account's tenant, or to read every Space; a new account is checked as on create.</li>
 *   <li>Account create/update: {@code spec.tenant} defaults to tenant-root and must exist (422); the caller
 *       must administer it (or write accounts cluster-wide); {@code spec.space.clusterRole} must be admin, edit,
 *       view, kiosk-space-admin or none, or a role the caller may {@code bind} (no escalation through an account);
 *       a new Account gets the spaces finalizer.</li>
 *   <li>AccountQuota create/update: the account must exist (422); its account is immutable (the kind's validator).</li>
 * </ul>
 * Thread-safe; reads the store (clusters, accounts), never writes.
 */
public final class KioskAdmission implements AdmissionPlugin {
    public static final String FINALIZER = "tenancy.canopy.dev/account-spaces";
    /** Roles any account admin may have bound in Spaces; others need RBAC's {@code bind} on the ClusterRole (no escalation). */
    static final java.util.Set<String> SPACE_ROLES = java.util.Set.of("", "admin", "edit", "view", "kiosk-space-admin");

    private final ResourceStore store;
    private final KioskAccess access;
    private final Authorizer authorizer;
    private final Authorizer rbac;

    /**
     * @param authorizer the seed's full authorizer (RBAC, tenancy, kiosk)
     * @param rbac       RBAC alone, for "allowed cluster-wide" questions
     */
    public KioskAdmission(ResourceStore store, KioskAccess access, Authorizer authorizer, Authorizer rbac) {
        this.store = store;
        this.access = access;
        this.authorizer = authorizer;
        this.rbac = rbac;
    }

    @Override
    public void admit(AdmissionRequest req) {
        if (req.context().subresource().equals("status")) return;
        switch (req.context().type().storageResource()) {
            case KioskKinds.SPACES -> space(req);
            case KioskKinds.ACCOUNTS -> account(req);
            case KioskKinds.ACCOUNT_QUOTAS -> quota(req);
            default -> { }
        }
    }

    // ------------------------------------------------------------------ spaces

    private void space(AdmissionRequest req) {
        UserInfo user = req.context().user();
        ObjectNode obj = req.object();
        String name = Objects.name(obj);
        if (req.operation() != Operation.CREATE) mayChange(user, req.operation() == Operation.DELETE ? "delete" : "update", req.old());
        if (req.operation() == Operation.DELETE) return;
        String accountName = Objects.text(obj, "spec.account");
        if (accountName.isEmpty()) {
            throw new ApiException(400, "BadRequest", "Space \"" + name + "\" is invalid: spec.account: Required value: the Account that owns the space",
                    "Space", name, List.of(FieldError.required("spec.account", "the Account that owns the space")));
        }
        boolean moved = req.old() != null && !accountName.equals(Objects.text(req.old(), "spec.account"));
        ObjectNode account;
        if (req.operation() == Operation.CREATE || moved) {
            account = usableAccount(user, accountName, name);
        } else {
            account = store.get(ResourceKey.cluster(KioskKinds.ACCOUNTS, accountName)).orElse(null);
        }
        ObjectNode md = Objects.metadata(obj);
        String cluster = Objects.text(obj, "spec.cluster");
        if (req.operation() == Operation.CREATE) {
            List<ObjectNode> clusters = store.list(ListOptions.all(FleetKinds.CLUSTERS)).items();
            cluster = SpaceRules.chooseCluster(name, cluster, account, clusters);
            ((ObjectNode) obj.with("spec")).put("cluster", cluster);
            obj.remove("status");
        } else if (cluster.isEmpty()) {
            cluster = Objects.text(req.old(), "spec.cluster");
            if (!cluster.isEmpty()) ((ObjectNode) obj.with("spec")).put("cluster", cluster);
        }
        if (account == null) return;   // an orphaned space keeps what it has
        Map<String, String> labels = SpaceRules.labels(account, Objects.labels(obj), cluster);
        ObjectNode l = md.putObject("labels");
        labels.forEach(l::put);
        if (req.operation() == Operation.CREATE) {
            Map<String, String> ann = SpaceRules.annotations(account, Objects.annotations(obj));
            if (!ann.isEmpty()) {
                ObjectNode a = md.putObject("annotations");
                ann.forEach(a::put);
            }
        }
    }

    /** The account a caller may put a Space into: visible (else 404) and theirs to use (else 403). */
    private ObjectNode usableAccount(UserInfo user, String accountName, String space) {
        ObjectNode account = store.get(ResourceKey.cluster(KioskKinds.ACCOUNTS, accountName)).orElse(null);
        boolean visible = account != null && (access.canSeeAccount(user, accountName)
                || allowed(authorizer, user, "get", "accounts", "", accountName));
        if (!visible) throw ApiException.notFound("accounts.tenancy.canopy.dev", accountName);
        if (Objects.deleting(account)) {
            throw ApiException.forbidden("spaces.tenancy.canopy.dev \"" + space + "\" is forbidden: account " + accountName + " is being deleted");
        }
        if (access.cache().isSubject(user, accountName) || access.tenantAdmin(user, KioskCache.tenantOf(account))
                || allowed(authorizer, user, "create", "namespaces", "", "")) {
            return account;
        }
        throw ApiException.forbidden("spaces.tenancy.canopy.dev \"" + space + "\" is forbidden: User \"" + user.name()
                + "\" is not a subject of account " + accountName + " and may not create namespaces");
    }

    /** kiosk's rule for changing a Space: the same verb on its namespace, or tenant admin, or a reader of every Space. */
    private void mayChange(UserInfo user, String verb, ObjectNode old) {
        String space = Objects.name(old);
        String account = Objects.text(old, "spec.account");
        if (allowed(authorizer, user, verb, "namespaces", space, space) || access.canManageAccount(user, account)
                || allowed(rbac, user, "list", "spaces", "", "") && allowed(rbac, user, verb, "spaces", "", space)) {
            return;
        }
        if (!access.canSeeAccount(user, account)) throw ApiException.notFound("spaces.tenancy.canopy.dev", space);
        throw ApiException.forbidden("spaces.tenancy.canopy.dev \"" + space + "\" is forbidden: User \"" + user.name() + "\" cannot " + verb
                + " namespace \"" + space + "\" (the account's spec.space.clusterRole does not allow it; kiosk-space-admin does)");
    }

    private static boolean allowed(Authorizer a, UserInfo user, String verb, String resource, String namespace, String name) {
        String group = resource.equals("namespaces") ? "" : KioskKinds.GROUP;
        return a.authorize(Attributes.resource(user, verb, group, resource, namespace, name)).allowed();
    }

    // ------------------------------------------------------------------ accounts

    /** Whether the Tenant owning {@code tenantNamespace} is being deleted (the root never is). */
    private boolean tenantDeleting(String tenantNamespace) {
        var node = access.tenant(tenantNamespace).orElse(null);
        if (node == null || node.parent() == null) return false;
        return store.get(new ResourceKey(TENANTS, node.parent(), node.name())).map(Objects::deleting).orElse(false);
    }

    /** Storage resource of Tenants (server/.../tenancy/TenantCache.TENANTS). */
    private static final String TENANTS = "tenancy.canopy.dev/tenants";

    private void account(AdmissionRequest req) {
        if (req.operation() == Operation.DELETE) return;
        ObjectNode obj = req.object();
        ObjectNode spec = (ObjectNode) obj.with("spec");
        if (Objects.text(obj, "spec.tenant").isEmpty()) spec.put("tenant", KioskKinds.DEFAULT_TENANT);
        String tenant = spec.path("tenant").asText();
        if (!access.tenantExists(tenant)) {
            throw ApiException.invalid("Account", Objects.name(obj), FieldError.invalid("spec.tenant", tenant,
                    "no tenant owns this namespace (use a tenant's namespace, e.g. " + KioskKinds.DEFAULT_TENANT + ")"));
        }
        boolean newTenant = req.old() == null || !tenant.equals(Objects.text(req.old(), "spec.tenant"));
        if (newTenant && tenantDeleting(tenant)) {
            // its deletion deletes the tenant's Accounts; a new one would only be deleted again
            throw ApiException.invalid("Account", Objects.name(obj), FieldError.invalid("spec.tenant", tenant,
                    "the tenant owning this namespace is being deleted"));
        }
        UserInfo user = req.context().user();
        String verb = req.operation() == Operation.CREATE ? "create" : "update";
        if (!access.tenantAdmin(user, tenant) && !allowed(rbac, user, verb, "accounts", "", req.operation() == Operation.CREATE ? "" : Objects.name(obj))) {
            throw ApiException.forbidden("accounts.tenancy.canopy.dev \"" + Objects.name(obj) + "\" is forbidden: User \"" + user.name()
                    + "\" is not an admin of tenant " + tenant);
        }
        String role = SpaceRules.clusterRole(obj).orElse("");
        if (!SPACE_ROLES.contains(role) && !rbac.authorize(Attributes.resource(user, "bind", "rbac.authorization.k8s.io", "clusterroles", "", role)).allowed()) {
            throw ApiException.forbidden("accounts.tenancy.canopy.dev \"" + Objects.name(obj) + "\" is forbidden: User \"" + user.name()
                    + "\" may not bind ClusterRole " + role + " in the account's spaces (allowed: " + SPACE_ROLES + ", or roles the user may bind)");
        }
        if (req.operation() == Operation.CREATE) {
            ArrayNode fin = Objects.metadata(obj).withArray("finalizers");
            boolean has = false;
            for (JsonNode f : fin) has |= f.asText().equals(FINALIZER);
            if (!has) fin.add(FINALIZER);
        }
    }

    // ------------------------------------------------------------------ account quotas

    private void quota(AdmissionRequest req) {
        if (req.operation() == Operation.DELETE) return;
        ObjectNode obj = req.object();
        String account = Objects.text(obj, "spec.account");
        if (account.isEmpty()) return;   // the kind's validator already said so
        if (store.get(ResourceKey.cluster(KioskKinds.ACCOUNTS, account)).isEmpty()) {
            throw ApiException.invalid("AccountQuota", Objects.name(obj), FieldError.invalid("spec.account", account, "no such Account"));
        }
        UserInfo user = req.context().user();
        if (!access.canManageAccount(user, account) && !allowed(rbac, user, req.operation() == Operation.CREATE ? "create" : "update", "accountquotas", "", "")) {
            throw ApiException.forbidden("accountquotas.tenancy.canopy.dev \"" + Objects.name(obj) + "\" is forbidden: User \"" + user.name()
                    + "\" is not an admin of account " + account + "'s tenant");
        }
    }
}
