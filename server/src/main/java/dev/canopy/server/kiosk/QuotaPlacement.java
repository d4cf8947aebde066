package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.tenancy.kiosk.QuotaAllocation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: the native ResourceQuota ({@value #NAME}) each Space namespace gets from its account's AccountQuotas:
 * for every resource any of them limits, the share the {@link AccountQuotaController} published in their
 * statuses (the lowest, if they differ while being updated), or 0 while none is published, so a new Space
 * can never take more than its share. A Space whose account has no quota gets none. The quotas'
 * {@code scopes}/{@code scopeSelector} go along when they all agree ({@link QuotaAllocation#commonScope}).
 */
final class QuotaPlacement {
    private QuotaPlacement() {}

    static final String NAME = "account-quota";

    /** Space name → its ResourceQuota. */
    static Map<String, ObjectNode> resourceQuotas(List<ObjectNode> spaces, List<ObjectNode> quotas) {
        Map<String, List<ObjectNode>> quotasByAccount = new HashMap<>();
        for (ObjectNode q : quotas) if (!Objects.deleting(q)) quotasByAccount.computeIfAbsent(Objects.text(q, "spec.account"), a -> new ArrayList<>()).add(q);
        Map<String, ObjectNode> out = new TreeMap<>();
        if (quotasByAccount.isEmpty()) return out;
        Map<String, List<String>> spacesByAccount = new HashMap<>();
        for (ObjectNode s : spaces) {
            String a = Objects.text(s, "spec.account");
            if (quotasByAccount.containsKey(a) && !Objects.deleting(s)) spacesByAccount.computeIfAbsent(a, x -> new ArrayList<>()).add(Objects.name(s));
        }
        spacesByAccount.forEach((account, names) -> {
            List<ObjectNode> qs = quotasByAccount.get(account);
            Set<String> resources = QuotaAllocation.effectiveHard(qs).keySet();
            for (String ns : names) {
                // the published share (the lowest if quotas disagree mid-update); none yet = 0 until one is published
                Map<String, BigDecimal> hard = new TreeMap<>();
                for (String r : resources) {
                    BigDecimal share = null;
                    for (ObjectNode q : qs) {
                        BigDecimal v = AccountQuotaController.shares(q).getOrDefault(ns, Map.of()).get(r);
                        if (v != null) share = share == null ? v : share.min(v);
                    }
                    hard.put(r, share == null ? BigDecimal.ZERO : share);
                }
                ObjectNode rq = resourceQuota(ns, account, hard);
                ObjectNode scope = QuotaAllocation.commonScope(qs);
                if (scope != null) ((ObjectNode) rq.get("spec")).setAll(scope);
                out.put(ns, rq);
            }
        });
        return out;
    }

    static ObjectNode resourceQuota(String namespace, String account, Map<String, BigDecimal> hard) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "ResourceQuota");
        ObjectNode md = o.putObject("metadata").put("name", NAME).put("namespace", namespace);
        md.putObject("labels").put(SpaceLabels.ACCOUNT, account);
        ObjectNode h = o.putObject("spec").putObject("hard");
        new TreeMap<>(hard).forEach((r, v) -> h.put(r, QuotaAllocation.format(v)));
        return o;
    }
}
