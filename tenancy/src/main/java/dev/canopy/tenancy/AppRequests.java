package dev.canopy.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.apps.ResourcesPreset;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an app costs its tenant's quota, from its spec: {@code cpu} and {@code memory} (cores, bytes),
 * {@code storage} (bytes) and one {@code apps}. Worst case, so that quotas are guarantees:
 * <ul>
 *   <li>Postgres, Etcd, Ingress: {@code replicas} × ({@code resources}, else the {@code resourcesPreset},
 *       else the kind's default), plus {@code replicas} × {@code size} of storage. Kind defaults are
 *       Cozystack's (Postgres 2 × micro × 10Gi, Etcd 3 × 4 CPU/1Gi × 4Gi, Ingress 2 × micro).</li>
 *   <li>Kubernetes: each node group's {@code maxReplicas} × (its {@code resources}, else its
 *       {@code instanceType}) plus {@code maxReplicas} × {@code ephemeralStorage}; no node groups means
 *       Cozystack's default {@code md0} (0..10 × u1.medium, 20Gi). The control plane runs in the
 *       management cluster and is not charged.</li>
 *   <li>Monitoring: only the {@code apps} count (its storage is operator-sized).</li>
 * </ul>
 */
public final class AppRequests {
    private AppRequests() {}

    /** The amounts by resource key, or the fields that prevent computing them. */
    public record Result(Map<String, BigDecimal> amounts, List<FieldError> errors) {
        public boolean ok() { return errors.isEmpty(); }
    }

    /** KubeVirt's u1 ("universal") instance types: vCPUs and memory. */
    private static final Map<String, String[]> INSTANCE_TYPES = Map.of(
            "u1.nano", new String[] {"1", "512Mi"}, "u1.micro", new String[] {"1", "1Gi"},
            "u1.small", new String[] {"1", "2Gi"}, "u1.medium", new String[] {"1", "4Gi"},
            "u1.2xmedium", new String[] {"2", "4Gi"}, "u1.large", new String[] {"2", "8Gi"},
            "u1.xlarge", new String[] {"4", "16Gi"}, "u1.2xlarge", new String[] {"8", "32Gi"},
            "u1.4xlarge", new String[] {"16", "64Gi"}, "u1.8xlarge", new String[] {"32", "128Gi"});

    /** Requests of an app of {@code kind} ({@code Postgres}, {@code Kubernetes}, ...). */
    public static Result of(String kind, ObjectNode app) {
        JsonNode spec = app.path("spec");
        Map<String, BigDecimal> out = new TreeMap<>();
        List<FieldError> errs = new ArrayList<>();
        out.put(QuotaRules.APPS, BigDecimal.ONE);
        switch (kind) {
            case "Postgres" -> replicated(spec, 2, Quantities.text(ResourcesPreset.MICRO.cpu()), Quantities.text(ResourcesPreset.MICRO.memory()), "10Gi", out, errs);
            case "Etcd" -> replicated(spec, 3, "4", "1Gi", "4Gi", out, errs);
            case "Ingress" -> replicated(spec, 2, Quantities.text(ResourcesPreset.MICRO.cpu()), Quantities.text(ResourcesPreset.MICRO.memory()), null, out, errs);
            case "Kubernetes" -> kubernetes(spec, out, errs);
            default -> { }
        }
        return new Result(out, errs);
    }

    /** {@code after − before} per resource (the delta of an update); either side may be empty. */
    public static Map<String, BigDecimal> diff(Map<String, BigDecimal> before, Map<String, BigDecimal> after) {
        Map<String, BigDecimal> out = new TreeMap<>(after);
        before.forEach((k, v) -> out.merge(k, v.negate(), BigDecimal::add));
        out.values().removeIf(v -> v.signum() == 0);
        return out;
    }

    /** The negation of {@code amounts} (what deleting the app releases). */
    public static Map<String, BigDecimal> negate(Map<String, BigDecimal> amounts) {
        Map<String, BigDecimal> out = new TreeMap<>();
        amounts.forEach((k, v) -> out.put(k, v.negate()));
        return out;
    }

    private static void replicated(JsonNode spec, long defReplicas, String defCpu, String defMemory, String defSize,
                                   Map<String, BigDecimal> out, List<FieldError> errs) {
        BigDecimal replicas = BigDecimal.valueOf(spec.path("replicas").asLong(defReplicas));
        String cpu = defCpu, memory = defMemory;
        ResourcesPreset preset = ResourcesPreset.of(spec.path("resourcesPreset").asText(null)).orElse(null);
        if (preset != null) { cpu = Quantities.text(preset.cpu()); memory = Quantities.text(preset.memory()); }
        JsonNode res = spec.path("resources");
        if (res.hasNonNull("cpu")) cpu = res.path("cpu").asText();
        if (res.hasNonNull("memory")) memory = res.path("memory").asText();
        add(out, "cpu", amount(cpu, "spec.resources.cpu", errs), replicas);
        add(out, "memory", amount(memory, "spec.resources.memory", errs), replicas);
        String size = spec.hasNonNull("size") ? spec.path("size").asText() : defSize;
        if (size != null) add(out, "storage", amount(size, "spec.size", errs), replicas);
    }

    private static void kubernetes(JsonNode spec, Map<String, BigDecimal> out, List<FieldError> errs) {
        JsonNode groups = spec.path("nodeGroups");
        if (!groups.isObject() || groups.isEmpty()) {
            nodeGroup("md0", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), out, errs);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = groups.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            nodeGroup(e.getKey(), e.getValue(), out, errs);
        }
    }

    private static void nodeGroup(String name, JsonNode g, Map<String, BigDecimal> out, List<FieldError> errs) {
        String path = "spec.nodeGroups[" + name + "]";
        BigDecimal nodes = BigDecimal.valueOf(g.path("maxReplicas").asLong(10));
        JsonNode res = g.path("resources");
        String cpu = res.path("cpu").asText(null), memory = res.path("memory").asText(null);
        if (cpu == null || memory == null) {
            String type = g.path("instanceType").asText("u1.medium");
            String[] t = INSTANCE_TYPES.get(type);
            if (t == null) {
                errs.add(FieldError.notSupported(path + ".instanceType", type, new TreeMap<>(INSTANCE_TYPES).keySet()));
                return;
            }
            if (cpu == null) cpu = t[0];
            if (memory == null) memory = t[1];
        }
        add(out, "cpu", amount(cpu, path + ".resources.cpu", errs), nodes);
        add(out, "memory", amount(memory, path + ".resources.memory", errs), nodes);
        add(out, "storage", amount(g.path("ephemeralStorage").asText("20Gi"), path + ".ephemeralStorage", errs), nodes);
    }

    private static void add(Map<String, BigDecimal> out, String key, BigDecimal each, BigDecimal times) {
        if (each != null) out.merge(key, each.multiply(times), BigDecimal::add);
    }

    private static BigDecimal amount(String q, String field, List<FieldError> errs) {
        try {
            return Quantities.amount(q);
        } catch (RuntimeException e) {
            errs.add(FieldError.invalid(field, q, "must be a quantity such as 500m, 2, 512Mi or 10Gi"));
            return null;
        }
    }
}
