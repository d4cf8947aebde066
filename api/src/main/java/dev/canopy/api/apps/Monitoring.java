package dev.canopy.api.apps;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * A tenant's own monitoring stack (tenant service): collects the metrics of the tenant's apps and of
 * descendants without their own; only this tenant (and its ancestors) can read them.
 */
@JsonClassDescription("A tenant's own monitoring stack (metrics, logs, dashboards, alerts).")
public record Monitoring(String apiVersion, String kind, ObjectMeta metadata, Spec spec, AppStatus status) {

    public record Spec(
            @JsonPropertyDescription("Grafana's hostname; default grafana.<tenant domain>.") String host,
            @JsonPropertyDescription("Metrics storage instances (Cozystack's shape: name, retentionPeriod, storage ...).") List<ObjectNode> metricsStorages,
            @JsonPropertyDescription("Logs storage instances (Cozystack's shape: name, retentionPeriod, storage ...).") List<ObjectNode> logsStorages,
            @JsonPropertyDescription("Alerta configuration (Cozystack's shape, passed through).") ObjectNode alerta,
            @JsonPropertyDescription("Grafana configuration (Cozystack's shape, passed through).") ObjectNode grafana) {}
}
