package dev.canopy.api.apps;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;

/** A tenant's own etcd (tenant service): holds the data of the Kubernetes apps that resolve to this tenant. */
@JsonClassDescription("A tenant's own etcd, used by the Kubernetes apps of the tenant and of descendants without their own.")
public record Etcd(String apiVersion, String kind, ObjectMeta metadata, Spec spec, AppStatus status) {

    public record Spec(
            @JsonPropertyDescription("Number of etcd replicas (default 3).") Integer replicas,
            @JsonPropertyDescription("CPU and memory per replica (default 4 CPU, 1Gi).") Resources resources,
            @JsonPropertyDescription("Persistent volume size per replica (default 4Gi).") Quantity size,
            @JsonPropertyDescription("StorageClass used to store the data.") String storageClass) {}
}
