package dev.canopy.api.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pure validation of a Tenant object on its own (no tree): Cozystack's name rule, and the length of
 * the namespace it would own. Tree rules (host permission, quota headroom) live in the tenancy module.
 */
public final class TenantRules {
    private TenantRules() {}

    /** Cozystack's rule: no dashes, because the owned namespace path is built with dashes. */
    public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9]*$");

    /** The namespace a tenant named {@code name} living in {@code parentNamespace} owns. */
    public static String ownedNamespace(String parentNamespace, String name) {
        return "tenant-root".equals(parentNamespace) ? "tenant-" + name : parentNamespace + "-" + name;
    }

    public static List<FieldError> validate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String name = Objects.name(obj);
        String ns = Objects.namespace(obj);
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            errs.add(FieldError.invalid("metadata.name", name,
                    "a tenant name must start with a lowercase letter and contain only lowercase letters and digits (regex '^[a-z][a-z0-9]*$'); dashes are not allowed because the tenant's namespace is built with dashes"));
        } else if (!name.isEmpty() && !ns.isEmpty() && !"tenant-root".equals(name)) {
            String owned = ownedNamespace(ns, name);
            if (owned.length() > 63) {
                errs.add(FieldError.invalid("metadata.name", name, "the tenant's namespace \"" + owned + "\" would be " + owned.length()
                        + " characters; a namespace name must be no more than 63 characters (shorten this name or an ancestor's)"));
            }
        }
        return errs;
    }
}
