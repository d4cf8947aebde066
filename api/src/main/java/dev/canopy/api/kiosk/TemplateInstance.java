package dev.canopy.api.kiosk;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/** kiosk's TemplateInstance (namespaced): one Template instantiated in one namespace. */
@JsonClassDescription("A Template instantiated in this namespace, with parameter values; its objects are applied on the namespace's cluster.")
public record TemplateInstance(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(
            @JsonPropertyDescription("The Template's name (immutable).") String template,
            @JsonPropertyDescription("Re-render and re-apply whenever the Template changes.") Boolean sync,
            @JsonPropertyDescription("Values of the Template's parameters.") List<ParameterValue> parameters) {}

    public record ParameterValue(String name, String value) {}

    public record Status(
            @JsonPropertyDescription("Pending, Deployed or Failed.") DeploymentStatus status,
            @JsonPropertyDescription("Why it failed, one word.") String reason,
            @JsonPropertyDescription("What failed, for a person.") String message,
            @JsonPropertyDescription("The Template's resourceVersion last rendered.") String templateResourceVersion,
            @JsonPropertyDescription("When the objects were last rendered for the cluster.") String lastAppliedTimestamp,
            @JsonPropertyDescription("The generation of the instance last rendered.") Long observedGeneration) {}

    public enum DeploymentStatus { Pending, Deployed, Failed }
}
