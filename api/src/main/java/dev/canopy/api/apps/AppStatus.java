package dev.canopy.api.apps;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * The status every managed app and tenant service shares: where it is reached and which tenants'
 * services it uses, resolved exactly as for its tenant.
 */
public record AppStatus(
        @JsonPropertyDescription("The app's host: <app name>.<tenant domain>, or spec.host where the kind has one.") String host,
        @JsonPropertyDescription("Namespace of the tenant serving each service to this app.") Services services,
        @JsonPropertyDescription("The most recent generation observed by the controller.") Long observedGeneration,
        List<Condition> conditions) {

    /** Each field is the owned namespace of the tenant whose service the app uses. */
    public record Services(
            @JsonPropertyDescription("Whose etcd holds the data (of a Kubernetes app's control plane).") String etcd,
            @JsonPropertyDescription("Whose ingress reaches the app.") String ingress,
            @JsonPropertyDescription("Whose monitoring collects the app's metrics.") String monitoring) {}
}
