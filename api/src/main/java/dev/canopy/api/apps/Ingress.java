package dev.canopy.api.apps;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/** A tenant's own ingress (tenant service): reaches the apps of the tenant and of descendants without their own. */
@JsonClassDescription("A tenant's own ingress controller, used by the tenant's apps and by descendants without their own.")
public record Ingress(String apiVersion, String kind, ObjectMeta metadata, Spec spec, AppStatus status) {

    public record Spec(
            @JsonPropertyDescription("Number of ingress-nginx replicas (default 2).") Integer replicas,
            @JsonPropertyDescription("Sizing preset used when resources is omitted: nano, micro, small, medium, large, xlarge, 2xlarge (default micro).") String resourcesPreset,
            @JsonPropertyDescription("Explicit CPU and memory per replica; wins over resourcesPreset.") Resources resources,
            @JsonPropertyDescription("Client networks allowed (CIDRs); empty = all.") List<String> whitelist,
            @JsonPropertyDescription("Restore the original visitor IPs behind Cloudflare's proxy.") Boolean cloudflareProxy) {}
}
