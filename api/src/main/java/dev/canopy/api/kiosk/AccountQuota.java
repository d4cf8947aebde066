package dev.canopy.api.kiosk;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpec;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import java.util.List;

/** kiosk's AccountQuota: a ResourceQuota over all of an account's Spaces together. Cluster-scoped. */
@JsonClassDescription("A kiosk account quota: hard limits aggregated over all Spaces of one account.")
public record AccountQuota(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(
            @JsonPropertyDescription("The Account this quota limits (immutable).") String account,
            @JsonPropertyDescription("The limits, as in a ResourceQuota.") ResourceQuotaSpec quota) {}

    public record Status(
            @JsonPropertyDescription("Hard limits and usage over all the account's Spaces.") ResourceQuotaStatus total,
            @JsonPropertyDescription("Usage per Space.") List<NamespaceStatus> namespaces) {}

    public record NamespaceStatus(String namespace, ResourceQuotaStatus status) {}
}
