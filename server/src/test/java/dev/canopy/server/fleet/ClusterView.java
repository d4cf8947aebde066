package dev.canopy.server.fleet;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** Reads Clusters (status, conditions) through the API for fleet tests. */
record ClusterView(KubernetesClient client) {
    @SuppressWarnings("unchecked")
    Map<String, Object> status(String cluster) {
        var c = client.genericKubernetesResources("fleet.canopy.dev/v1alpha1", "Cluster").withName(cluster).get();
        return c == null ? null : (Map<String, Object>) c.getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    String condition(String cluster, String type, String field) {
        Map<String, Object> st = status(cluster);
        if (st == null) return null;
        for (Map<String, Object> c : (List<Map<String, Object>>) st.getOrDefault("conditions", List.of())) {
            if (type.equals(c.get("type"))) return String.valueOf(c.get(field));
        }
        return null;
    }
}
