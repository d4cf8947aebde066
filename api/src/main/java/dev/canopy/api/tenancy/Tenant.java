package dev.canopy.api.tenancy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * A tenant: a node of the tenant tree (Cozystack's Tenant). Lives in its parent's namespace and owns
 * namespace {@code <parent namespace>-<name>} ({@code tenant-<name>} under tenant-root).
 */
@com.fasterxml.jackson.annotation.JsonClassDescription("A tenant of the platform: a node in the tenant tree with its own namespace, domain and services.")
public record Tenant(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(
            @JsonPropertyDescription("The tenant's domain. Only platform admins may set it; default <name>.<parent domain>.") String host,
            @JsonPropertyDescription("Run a dedicated etcd for this tenant's Kubernetes apps; otherwise use the nearest ancestor's.") Boolean etcd,
            @JsonPropertyDescription("Run a dedicated ingress for this tenant; otherwise use the nearest ancestor's.") Boolean ingress,
            @JsonPropertyDescription("Run a dedicated monitoring stack for this tenant; otherwise use the nearest ancestor's.") Boolean monitoring,
            @JsonPropertyDescription("Run a dedicated SeaweedFS object store; otherwise use the nearest ancestor's.") Boolean seaweedfs,
            @JsonPropertyDescription("Hard limits for the tenant's subtree (cpu, memory, storage, tenants, apps ...).") Map<String, Quantity> resourceQuotas,
            @JsonPropertyDescription("Clusters the tenant's namespace is placed on (a label selector over Clusters); unset = none.") LabelSelector placement) {}

    public record Status(
            @JsonPropertyDescription("The namespace this tenant owns.") String namespace,
            @JsonPropertyDescription("The tenant's resolved domain.") String domain,
            @JsonPropertyDescription("The parent tenant's namespace.") String parent,
            @JsonPropertyDescription("Ancestor namespaces from the root, then this tenant's own.") List<String> path,
            @JsonPropertyDescription("Namespace of the tenant serving each service to this tenant.") Services services,
            @JsonPropertyDescription("Quota used and hard limits of the tenant's subtree.") Quota quota,
            @JsonPropertyDescription("The most recent generation observed by the controller.") Long observedGeneration,
            List<Condition> conditions) {}

    public record Services(String etcd, String ingress, String monitoring, String seaweedfs) {}

    public record Quota(Map<String, Quantity> hard, Map<String, Quantity> used) {}
}
