package dev.canopy.api.apps;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * A managed tenant Kubernetes cluster (Cozystack's {@code Kubernetes} app). Its control plane keeps its
 * data in the tenant's resolved etcd and is reached through the resolved ingress.
 */
@JsonClassDescription("A managed Kubernetes cluster in a tenant.")
public record Kubernetes(String apiVersion, String kind, ObjectMeta metadata, Spec spec, AppStatus status) {

    public record Spec(
            @JsonPropertyDescription("StorageClass used to store the data (default replicated).") String storageClass,
            @JsonPropertyDescription("Kubernetes version as vMAJOR.MINOR, e.g. v1.32.") String version,
            @JsonPropertyDescription("External hostname; default <name>.<tenant domain>.") String host,
            @JsonPropertyDescription("Worker node groups by name (default: md0).") Map<String, NodeGroup> nodeGroups,
            @JsonPropertyDescription("Cluster addons by name (certManager, cilium, ingressNginx, fluxcd, monitoringAgents ...).") Map<String, Addon> addons,
            @JsonPropertyDescription("Control-plane configuration.") ControlPlane controlPlane) {}

    public record NodeGroup(
            @JsonPropertyDescription("Minimum number of nodes (default 0).") Integer minReplicas,
            @JsonPropertyDescription("Maximum number of nodes (default 10); quotas charge this many.") Integer maxReplicas,
            @JsonPropertyDescription("Virtual machine instance type (default u1.medium).") String instanceType,
            @JsonPropertyDescription("Ephemeral storage size per node (default 20Gi).") Quantity ephemeralStorage,
            @JsonPropertyDescription("Node roles, e.g. ingress-nginx.") List<String> roles,
            @JsonPropertyDescription("Explicit CPU and memory per node; wins over instanceType.") Resources resources,
            @JsonPropertyDescription("GPUs to attach to each node.") List<Gpu> gpus) {}

    public record Gpu(@JsonPropertyDescription("GPU name, such as nvidia.com/AD102GL_L40S.") String name) {}

    public record Addon(
            @JsonPropertyDescription("Enable the addon.") Boolean enabled,
            @JsonPropertyDescription("Custom Helm values overrides.") ObjectNode valuesOverride,
            @JsonPropertyDescription("ingressNginx only: Proxied or LoadBalancer.") String exposeMethod,
            @JsonPropertyDescription("ingressNginx only: domains routed to this cluster when Proxied.") List<String> hosts) {}

    public record ControlPlane(
            @JsonPropertyDescription("Number of control-plane replicas (default 2).") Integer replicas,
            @JsonPropertyDescription("API server sizing.") Component apiServer,
            @JsonPropertyDescription("Controller manager sizing.") Component controllerManager,
            @JsonPropertyDescription("Scheduler sizing.") Component scheduler,
            @JsonPropertyDescription("Konnectivity configuration.") Konnectivity konnectivity) {}

    public record Component(
            @JsonPropertyDescription("Explicit CPU and memory; wins over resourcesPreset.") Resources resources,
            @JsonPropertyDescription("Sizing preset: nano, micro, small, medium, large, xlarge, 2xlarge.") String resourcesPreset) {}

    public record Konnectivity(@JsonPropertyDescription("Konnectivity server sizing.") Component server) {}
}
