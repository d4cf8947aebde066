package dev.canopy.api;

import java.util.List;
import java.util.Set;

/**
 * Everything the server needs to serve one kind at one group/version. Adding a kind to Canopy is a
 * model class (a record, or a fabric8 class for Kubernetes' own kinds) plus one of these in
 * {@link BuiltinKinds}; an alias group/version (e.g. {@code apps.cozystack.io/v1alpha1 Tenant}) is
 * {@link #alias} of the canonical registration and shares its storage.
 *
 * @param model             the Java type whose Jackson shape is the kind's schema (strict validation,
 *                          OpenAPI, {@code kubectl explain}); for stored kinds it has apiVersion/kind/metadata
 * @param storageGroup      canonical group objects are stored under ("" = core); equal to group unless alias
 * @param storagePlural     canonical plural objects are stored under
 * @param statusSubresource whether {@code /status} exists; if so, writes to the main resource ignore status
 *                          and writes to /status change only status
 * @param stored            false for virtual, create-only kinds (SelfSubjectAccessReview, TokenRequest)
 * @param verbs             verbs served (discovery advertises exactly these)
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        List<String> shortNames,
        List<String> categories,
        boolean namespaced,
        Class<?> model,
        boolean statusSubresource,
        boolean stored,
        NameRule nameRule,
        List<Column> columns,
        ObjectValidator validator,
        String storageGroup,
        String storagePlural,
        Set<String> verbs) {

    public static final Set<String> ALL_VERBS = Set.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public String apiVersion() { return group.isEmpty() ? version : group + "/" + version; }

    /** {@code plural.group} (just plural for core) as used in messages and RBAC: "tenants.tenancy.canopy.dev". */
    public String groupResource() { return group.isEmpty() ? plural : plural + "." + group; }

    /** The storage key prefix shared by all aliases: "tenancy.canopy.dev/tenants", "core/configmaps". */
    public String storageResource() { return (storageGroup.isEmpty() ? "core" : storageGroup) + "/" + storagePlural; }

    public boolean isAlias() { return !group.equals(storageGroup) || !plural.equals(storagePlural); }

    /** The same kind served under another group/version, stored in the same place. */
    public ResourceType alias(String aliasGroup, String aliasVersion) {
        return new ResourceType(aliasGroup, aliasVersion, kind, plural, singular, shortNames, categories, namespaced, model,
                statusSubresource, stored, nameRule, columns, validator, storageGroup, storagePlural, verbs);
    }

    public static Builder builder(String group, String version, String kind, String plural, Class<?> model) {
        return new Builder(group, version, kind, plural, model);
    }

    /** Fluent construction; defaults: namespaced, stored, all verbs, no status subresource, subdomain names. */
    public static final class Builder {
        private final String group, version, kind, plural;
        private final Class<?> model;
        private String singular;
        private List<String> shortNames = List.of();
        private List<String> categories = List.of();
        private boolean namespaced = true, status, stored = true;
        private NameRule nameRule = NameRule.DNS1123_SUBDOMAIN;
        private List<Column> columns = List.of();
        private ObjectValidator validator = ObjectValidator.NONE;
        private Set<String> verbs = ALL_VERBS;

        private Builder(String group, String version, String kind, String plural, Class<?> model) {
            this.group = group; this.version = version; this.kind = kind; this.plural = plural; this.model = model;
            this.singular = kind.toLowerCase(java.util.Locale.ROOT);
        }

        public Builder clusterScoped() { namespaced = false; return this; }
        public Builder statusSubresource() { status = true; return this; }
        public Builder shortNames(String... s) { shortNames = List.of(s); return this; }
        public Builder categories(String... c) { categories = List.of(c); return this; }
        public Builder nameRule(NameRule r) { nameRule = r; return this; }
        public Builder columns(Column... c) { columns = List.of(c); return this; }
        public Builder validator(ObjectValidator v) { validator = v; return this; }
        /** A virtual kind that is only POSTed (reviews, token requests) and never stored. */
        public Builder createOnly() { stored = false; verbs = Set.of("create"); return this; }

        public ResourceType build() {
            return new ResourceType(group, version, kind, plural, singular, shortNames, categories, namespaced, model, status,
                    stored, nameRule, columns, validator, group, plural, verbs);
        }
    }
}
