package dev.canopy.tenancy;

import dev.canopy.api.FieldError;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The outcome of {@link QuotaRules#charge}: either the new usage, or why it was refused. */
public sealed interface ChargeResult {

    /**
     * The charge fits.
     *
     * @param usage   the whole new usage
     * @param changed only the tenants whose usage changed (the tenant and its ancestors), to write back
     *                in the same transaction, e.g. into each Tenant's {@code status.quota.used}
     */
    record Charged(QuotaUsage usage, Map<String, Map<String, BigDecimal>> changed) implements ChargeResult {}

    /** The charge would exceed at least one tenant's quota; each error names the tenant and the resource. */
    record Refused(List<FieldError> errors) implements ChargeResult {}
}
