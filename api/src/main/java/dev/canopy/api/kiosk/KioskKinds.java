package dev.canopy.api.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Column;
import dev.canopy.api.FieldError;
import dev.canopy.api.NameRule;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Registers kiosk's Account, Space and AccountQuota under {@code tenancy.canopy.dev/v1alpha1}, also served
 * through kiosk's groups so its manifests apply unchanged: {@code config.kiosk.sh/v1alpha1} (Account,
 * AccountQuota) and {@code tenancy.kiosk.sh/v1alpha1} (Space, Account). All cluster-scoped. Stateless;
 * call once while building the registry. Template and TemplateInstance are registered elsewhere.
 */
public final class KioskKinds {
    private KioskKinds() {}

    public static final String GROUP = BuiltinKinds.TENANCY;
    public static final String VERSION = "v1alpha1";
    public static final String CONFIG = "config.kiosk.sh/v1alpha1";
    public static final String TENANCY = "tenancy.kiosk.sh/v1alpha1";
    /** Storage resources, as the store keys them. */
    public static final String ACCOUNTS = GROUP + "/accounts";
    public static final String SPACES = GROUP + "/spaces";
    public static final String ACCOUNT_QUOTAS = GROUP + "/accountquotas";
    /** The default {@code spec.tenant} of an Account. */
    public static final String DEFAULT_TENANT = "tenant-root";
    /** The default {@code spec.space.clusterRole}. */
    public static final String DEFAULT_CLUSTER_ROLE = "admin";
    public static final List<String> DELETION_POLICIES = List.of("Delete", "Orphan");
    private static final List<String> SUBJECT_KINDS = List.of("User", "Group", "ServiceAccount");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public static void register(Registry r) {
        r.register(ResourceType.builder(GROUP, VERSION, "Account", "accounts", Account.class).clusterScoped().statusSubresource()
                .categories("canopy", "kiosk").nameRule(NameRule.DNS1123_SUBDOMAIN).validator(KioskKinds::validateAccount)
                .columns(Column.path("TENANT", "The owning tenant's namespace", "spec.tenant"),
                        Column.of("SPACES", "Number of spaces", o -> Objects.at(o, "status.namespaces").size()),
                        Column.of("LIMIT", "The space limit", o -> Objects.text(o, "spec.space.limit")),
                        Column.wide("SUBJECTS", "The account's subjects", KioskKinds::subjects),
                        Column.wide("CLUSTER-ROLE", "Role bound in each space", o -> Objects.text(o, "spec.space.clusterRole")))
                .build(), CONFIG, TENANCY);
        r.register(ResourceType.builder(GROUP, VERSION, "Space", "spaces", Space.class).clusterScoped().statusSubresource()
                .categories("canopy", "kiosk").nameRule(NameRule.DNS1123_LABEL).validator(KioskKinds::validateSpace)
                .columns(Column.path("ACCOUNT", "The owning account", "spec.account"),
                        Column.path("CLUSTER", "The cluster the space is placed on", "spec.cluster"),
                        Column.path("PHASE", "The namespace's phase", "status.phase"))
                .build(), TENANCY);
        r.register(ResourceType.builder(GROUP, VERSION, "AccountQuota", "accountquotas", AccountQuota.class).clusterScoped().statusSubresource()
                .categories("canopy", "kiosk").nameRule(NameRule.DNS1123_SUBDOMAIN).validator(KioskKinds::validateQuota)
                .columns(Column.path("ACCOUNT", "The account limited", "spec.account"),
                        Column.of("HARD", "Hard limits", o -> pairs(Objects.at(o, "spec.quota.hard"))),
                        Column.of("USED", "Usage over all the account's spaces", o -> pairs(Objects.at(o, "status.total.used"))))
                .build(), CONFIG);
    }

    static List<FieldError> validateAccount(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (Objects.name(o).length() > 63) {
            errs.add(FieldError.invalid("metadata.name", Objects.name(o), "must be no more than 63 characters (it is the value of each Space's account label)"));
        }
        JsonNode spec = o.path("spec");
        String tenant = spec.path("tenant").asText("");
        if (spec.has("tenant") && !LABEL.matcher(tenant).matches()) {
            errs.add(FieldError.invalid("spec.tenant", tenant, "must be a tenant's namespace, e.g. tenant-root or tenant-foo"));
        }
        JsonNode space = spec.path("space");
        JsonNode limit = space.path("limit");
        if (limit.isNumber() && limit.asLong() < 0) errs.add(FieldError.invalid("spec.space.limit", limit.asLong(), "must be 0 or more"));
        JsonNode policy = space.path("deletionPolicy");
        if (!policy.isMissingNode() && !policy.isNull() && !DELETION_POLICIES.contains(policy.asText())) {
            errs.add(FieldError.notSupported("spec.space.deletionPolicy", policy.asText(), DELETION_POLICIES));
        }
        JsonNode tis = space.path("templateInstances");
        for (int i = 0; i < tis.size(); i++) {
            if (tis.get(i).path("spec").path("template").asText("").isEmpty()) {
                errs.add(FieldError.required("spec.space.templateInstances[" + i + "].spec.template", "the Template to instantiate"));
            }
        }
        JsonNode subjects = spec.path("subjects");
        for (int i = 0; i < subjects.size(); i++) {
            JsonNode s = subjects.get(i);
            String kind = s.path("kind").asText("");
            if (!SUBJECT_KINDS.contains(kind)) errs.add(FieldError.notSupported("spec.subjects[" + i + "].kind", kind, SUBJECT_KINDS));
            if (s.path("name").asText("").isEmpty()) errs.add(FieldError.required("spec.subjects[" + i + "].name", "the subject's name"));
            if (kind.equals("ServiceAccount") && s.path("namespace").asText("").isEmpty()) {
                errs.add(FieldError.required("spec.subjects[" + i + "].namespace", "a ServiceAccount subject names its namespace"));
            }
        }
        return errs;
    }

    /** Namespace names a Space may not take: Kubernetes' own, and those of tenants (tenant-*) and the platform. */
    static final List<String> RESERVED_PREFIXES = List.of("kube-", "tenant-", "canopy-");

    static List<FieldError> validateSpace(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String name = Objects.name(o);
        if (old == null && (name.equals("default") || RESERVED_PREFIXES.stream().anyMatch(name::startsWith))) {
            errs.add(FieldError.invalid("metadata.name", name, "is reserved: a Space may not be named default or start with " + RESERVED_PREFIXES
                    + " (Kubernetes', tenants' and the platform's namespaces)"));
        }
        String cluster = Objects.text(o, "spec.cluster");
        if (!cluster.isEmpty() && !LABEL.matcher(cluster).matches()) {
            errs.add(FieldError.invalid("spec.cluster", cluster, "must be a Cluster's name"));
        }
        if (old != null && !Objects.text(old, "spec.cluster").isEmpty() && !cluster.equals(Objects.text(old, "spec.cluster"))) {
            errs.add(FieldError.forbidden("spec.cluster", "is immutable: a space cannot move to another cluster (create a new space)"));
        }
        return errs;
    }

    static List<FieldError> validateQuota(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String account = Objects.text(o, "spec.account");
        if (account.isEmpty()) errs.add(FieldError.required("spec.account", "the Account this quota limits"));
        if (old != null && !account.equals(Objects.text(old, "spec.account"))) {
            errs.add(FieldError.invalid("spec.account", account, "is immutable (was \"" + Objects.text(old, "spec.account") + "\")"));
        }
        return errs;
    }

    private static String subjects(ObjectNode o) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : Objects.at(o, "spec.subjects")) {
            out.add(s.path("kind").asText() + ":" + (s.has("namespace") ? s.path("namespace").asText() + "/" : "") + s.path("name").asText());
        }
        return String.join(",", out);
    }

    private static String pairs(JsonNode m) {
        List<String> out = new ArrayList<>();
        m.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(",", out);
    }
}
