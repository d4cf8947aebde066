package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.tenancy.Quantities;
import dev.canopy.tenancy.kiosk.QuotaAllocation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: the native ResourceQuota ({@value #NAME}) each Space namespace gets from its account's AccountQuotas —
 * the lowest limit per resource over them, allocated to the account's Spaces by {@link QuotaAllocation}
 * from the usage in the quotas' statuses. A Space whose account has no quota gets none.
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
            Map<String, BigDecimal> hard = QuotaAllocation.effectiveHard(qs);
            Map<String, Map<String, BigDecimal>> used = new HashMap<>();
            for (ObjectNode q : qs) {
                for (JsonNode n : Objects.at(q, "status.namespaces")) {
                    Map<String, BigDecimal> u = used.computeIfAbsent(n.path("namespace").asText(), x -> new TreeMap<>());
                    n.path("status").path("used").properties().forEach(e -> {
                        try {
                            u.put(e.getKey(), Quantities.amount(e.getValue().asText()));
                        } catch (RuntimeException bad) {
                            // written by the controller; a bad value counts as unknown
                        }
                    });
                }
            }
            QuotaAllocation.allocate(hard, names, used).forEach((ns, alloc) -> out.put(ns, resourceQuota(ns, account, alloc)));
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
