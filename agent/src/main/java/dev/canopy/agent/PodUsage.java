package dev.canopy.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.backbone.protocol.StatusReport;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure rule: a namespace's usage from its pods, as a ResourceQuota counts it: pods not yet finished
 * (phase other than Succeeded/Failed), and the sum over their containers of cpu (millicores) and memory
 * (bytes) requests and limits. Init containers are ignored (kube counts max(init, sum) — a refinement
 * not needed for quota headroom at the seed, which the leaf's own ResourceQuota enforces exactly).
 */
public final class PodUsage {
    private PodUsage() {}

    /** Usage of every namespace in {@code namespaces} (zero when it has no pods), from pods as JSON. */
    public static List<StatusReport.NamespaceUsage> of(Iterable<? extends JsonNode> pods, java.util.Collection<String> namespaces) {
        Map<String, long[]> sums = new TreeMap<>();
        for (String ns : namespaces) sums.put(ns, new long[5]);
        for (JsonNode p : pods) {
            long[] s = sums.get(p.path("metadata").path("namespace").asText());
            if (s == null) continue;
            String phase = p.path("status").path("phase").asText("");
            if (phase.equals("Succeeded") || phase.equals("Failed")) continue;
            s[0]++;
            for (JsonNode c : p.path("spec").path("containers")) {
                JsonNode r = c.path("resources");
                s[1] += millis(r.path("requests").path("cpu"));
                s[2] += millis(r.path("limits").path("cpu"));
                s[3] += bytes(r.path("requests").path("memory"));
                s[4] += bytes(r.path("limits").path("memory"));
            }
        }
        List<StatusReport.NamespaceUsage> out = new ArrayList<>();
        sums.forEach((ns, s) -> out.add(new StatusReport.NamespaceUsage(ns, (int) s[0], s[1], s[2], s[3], s[4])));
        return out;
    }

    private static long millis(JsonNode q) {
        if (q.isMissingNode() || q.isNull()) return 0;
        BigDecimal cores = Quantity.getAmountInBytes(new Quantity(q.asText()));
        return cores.multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    private static long bytes(JsonNode q) {
        if (q.isMissingNode() || q.isNull()) return 0;
        return Quantity.getAmountInBytes(new Quantity(q.asText())).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
