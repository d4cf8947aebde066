package dev.canopy.tenancy;

import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hierarchical quotas, pure and deterministic so the server can run them under the store's writer
 * lock (or in the writing transaction) and make check-and-charge atomic.
 *
 * <ol>
 *   <li><b>Reservation</b> ({@link #checkChild}): a child's {@code spec.resourceQuotas[r]} may not exceed
 *       the parent's hard limit for {@code r} minus what the child's siblings reserve for {@code r}.
 *       A parent without a limit for {@code r} imposes none; a sibling without a limit for {@code r}
 *       reserves nothing (it is bounded only through charging, rule 3).</li>
 *   <li><b>Shrinking</b> ({@link #checkShrink}): a tenant's own limit may not drop below what its
 *       children reserve. It may drop below current usage (as with Kubernetes ResourceQuota): nothing
 *       running is evicted, new charges are refused until usage falls.</li>
 *   <li><b>Charging</b> ({@link #charge}): an app's requests (and a new child tenant's count) are charged
 *       to its tenant and every ancestor; refused when any of them with a limit for the resource would
 *       go over it. Releases (negative deltas) always succeed.</li>
 * </ol>
 * Quota keys are the resource names ({@code cpu}, {@code memory}, {@code storage}) and counts
 * ({@code apps}, {@code tenants}); {@code requests.cpu} style keys mean the same as {@code cpu}.
 */
public final class QuotaRules {
    private QuotaRules() {}

    public static final String APPS = "apps";
    public static final String TENANTS = "tenants";

    /** Rule 1 against the tree: {@code childName} (new or existing) in {@code parentNs} asking for {@code requested}. */
    public static List<FieldError> checkChild(TenantTree tree, String parentNs, String childName, Map<String, Quantity> requested) {
        TenantNode parent = tree.node(parentNs).orElse(null);
        if (parent == null) return List.of();   // orphan: TenantTree.check reports it
        String self = TenantTree.ownedNamespace(parentNs, childName);
        List<Map<String, Quantity>> siblings = new ArrayList<>();
        for (String c : tree.children(parentNs)) {
            if (!c.equals(self)) siblings.add(tree.node(c).map(TenantNode::resourceQuotas).orElse(Map.of()));
        }
        return checkChild(parent.name(), parent.resourceQuotas(), siblings, requested);
    }

    /** Rule 1 with the parent unnamed in messages. */
    public static List<FieldError> checkChild(Map<String, Quantity> parentHard, List<Map<String, Quantity>> siblingsHard, Map<String, Quantity> requested) {
        return checkChild(null, parentHard, siblingsHard, requested);
    }

    /**
     * Rule 1: one error per resource over the headroom, e.g.
     * {@code spec.resourceQuotas[cpu]: Invalid value: "8": exceeds the headroom of tenant "foo": parent allows 10, siblings reserve 4, at most 6 is available}.
     */
    public static List<FieldError> checkChild(String parentName, Map<String, Quantity> parentHard,
                                              List<Map<String, Quantity>> siblingsHard, Map<String, Quantity> requested) {
        List<FieldError> errs = new ArrayList<>();
        if (requested == null) return errs;
        Map<String, BigDecimal> parent = safeAmounts(parentHard);
        for (Map.Entry<String, Quantity> e : new TreeMap<>(requested).entrySet()) {
            String field = "spec.resourceQuotas[" + e.getKey() + "]";
            String key = Quantities.resourceKey(e.getKey());
            BigDecimal want = parse(e.getValue(), field, errs);
            if (want == null) continue;
            if (want.signum() < 0) {
                errs.add(FieldError.invalid(field, Quantities.text(e.getValue()), "must be greater than or equal to 0"));
                continue;
            }
            BigDecimal allows = parent.get(key);
            if (allows == null) continue;
            BigDecimal reserved = BigDecimal.ZERO;
            for (Map<String, Quantity> s : siblingsHard) {
                BigDecimal r = safeAmounts(s).get(key);
                if (r != null) reserved = reserved.add(r);
            }
            BigDecimal available = allows.subtract(reserved).max(BigDecimal.ZERO);
            if (want.compareTo(available) > 0) {
                Quantity like = e.getValue();
                String who = parentName == null ? "the parent tenant" : "tenant \"" + parentName + "\"";
                errs.add(FieldError.invalid(field, Quantities.text(like), "exceeds the headroom of " + who + ": parent allows "
                        + Quantities.format(allows, like) + ", siblings reserve " + Quantities.format(reserved, like)
                        + ", at most " + Quantities.format(available, like) + " is available"));
            }
        }
        return errs;
    }

    /** Rule 2: tenant {@code namespace} changing its own limits to {@code newHard}. */
    public static List<FieldError> checkShrink(TenantTree tree, String namespace, Map<String, Quantity> newHard) {
        List<FieldError> errs = new ArrayList<>();
        if (newHard == null) return errs;
        for (Map.Entry<String, Quantity> e : new TreeMap<>(newHard).entrySet()) {
            String field = "spec.resourceQuotas[" + e.getKey() + "]";
            String key = Quantities.resourceKey(e.getKey());
            BigDecimal hard = parse(e.getValue(), field, new ArrayList<>());
            if (hard == null) continue;   // reported by checkChild
            BigDecimal reserved = BigDecimal.ZERO;
            List<String> who = new ArrayList<>();
            for (String c : tree.children(namespace)) {
                BigDecimal r = safeAmounts(tree.node(c).map(TenantNode::resourceQuotas).orElse(Map.of())).get(key);
                if (r != null && r.signum() > 0) {
                    reserved = reserved.add(r);
                    who.add(c + " " + Quantities.format(r, e.getValue()));
                }
            }
            if (hard.compareTo(reserved) < 0) {
                errs.add(FieldError.invalid(field, Quantities.text(e.getValue()), "is less than what child tenants already reserve ("
                        + Quantities.format(reserved, e.getValue()) + ": " + String.join(", ", who) + "); lower their quotas first"));
            }
        }
        return errs;
    }

    /**
     * Rule 3: charges {@code delta} (base units by resource key; negative to release) to tenant
     * {@code namespace} and all its ancestors.
     */
    public static ChargeResult charge(TenantTree tree, QuotaUsage usage, String namespace, Map<String, BigDecimal> delta) {
        if (!tree.contains(namespace)) {
            return new ChargeResult.Refused(List.of(FieldError.invalid("metadata.namespace", namespace,
                    "namespace \"" + namespace + "\" is not owned by any tenant; apps are created in a tenant's namespace")));
        }
        Map<String, BigDecimal> d = new TreeMap<>();
        delta.forEach((k, v) -> { if (v != null && v.signum() != 0) d.merge(Quantities.resourceKey(k), v, BigDecimal::add); });
        List<FieldError> errs = new ArrayList<>();
        Map<String, Map<String, BigDecimal>> changed = new HashMap<>();
        for (String ns = namespace; ns != null; ns = tree.parent(ns)) {
            TenantNode n = tree.node(ns).orElseThrow();
            Map<String, BigDecimal> hard = safeAmounts(n.resourceQuotas());
            Map<String, BigDecimal> next = new TreeMap<>(usage.used(ns));
            for (Map.Entry<String, BigDecimal> e : d.entrySet()) {
                BigDecimal used = next.getOrDefault(e.getKey(), BigDecimal.ZERO);
                BigDecimal after = used.add(e.getValue());
                BigDecimal limit = hard.get(e.getKey());
                if (e.getValue().signum() > 0 && limit != null && after.compareTo(limit) > 0) {
                    Quantity like = n.resourceQuotas().get(e.getKey());
                    if (like == null) like = n.resourceQuotas().get("requests." + e.getKey());
                    errs.add(FieldError.forbidden("spec", "exceeded quota of tenant \"" + n.name() + "\" (namespace " + ns + ") for "
                            + e.getKey() + ": requested " + Quantities.format(e.getValue(), like) + ", used " + Quantities.format(used, like)
                            + ", limited " + Quantities.format(limit, like) + ", at most "
                            + Quantities.format(limit.subtract(used).max(BigDecimal.ZERO), like) + " is available"));
                }
                if (after.signum() <= 0) next.remove(e.getKey()); else next.put(e.getKey(), after);
            }
            changed.put(ns, next);
        }
        if (!errs.isEmpty()) return new ChargeResult.Refused(errs);
        return new ChargeResult.Charged(usage.with(changed), changed);
    }

    /** A charge refusal as the API answers it: 403 Forbidden naming the object, one cause per exceeded limit. */
    public static ApiException exceeded(String groupResource, String name, List<FieldError> errors) {
        StringBuilder sb = new StringBuilder(groupResource).append(" \"").append(name).append("\" is forbidden: ");
        for (int i = 0; i < errors.size(); i++) {
            if (i > 0) sb.append("; ");
            sb.append(errors.get(i).detail().replaceFirst("^Forbidden: ", ""));
        }
        return new ApiException(403, "Forbidden", sb.toString(), groupResource, name, errors);
    }

    /** Amounts of a quota map, skipping entries that do not parse (admission reports them). */
    private static Map<String, BigDecimal> safeAmounts(Map<String, Quantity> quotas) {
        Map<String, BigDecimal> out = new TreeMap<>();
        if (quotas == null) return out;
        for (Map.Entry<String, Quantity> e : quotas.entrySet()) {
            try {
                out.merge(Quantities.resourceKey(e.getKey()), Quantities.amount(e.getValue()), BigDecimal::min);
            } catch (RuntimeException ignored) {
                // an unparseable stored quota limits nothing rather than breaking every charge
            }
        }
        return out;
    }

    private static BigDecimal parse(Quantity q, String field, List<FieldError> errs) {
        try {
            return Quantities.amount(q);
        } catch (RuntimeException e) {
            errs.add(FieldError.invalid(field, q == null ? "" : Quantities.text(q), "must be a quantity such as 500m, 2, 512Mi or 10Gi"));
            return null;
        }
    }
}
