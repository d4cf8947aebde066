package dev.canopy.api.kiosk;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * kiosk's Template (cluster-scoped): objects a namespace is initialised with, as raw manifests and/or a Helm
 * chart, with parameters. kiosk keeps its fields at the top level (no {@code spec}); so does Canopy, so
 * kiosk's manifests apply unchanged.
 */
@JsonClassDescription("A namespace template: manifests and/or a Helm chart, with parameters, instantiated by TemplateInstances.")
public record Template(String apiVersion, String kind, ObjectMeta metadata,
                       @JsonPropertyDescription("What the template creates.") Resources resources,
                       @JsonPropertyDescription("Parameters usable as ${NAME} (in strings) or ${{NAME}} (as a YAML value) in manifests and Helm values.") List<Parameter> parameters) {

    public record Resources(
            @JsonPropertyDescription("Kubernetes objects created in the instance's namespace.") List<Map<String, Object>> manifests,
            @JsonPropertyDescription("A Helm chart rendered like `helm template --include-crds`.") Helm helm) {}

    public record Helm(
            @JsonPropertyDescription("The release name (default: the template's name).") String releaseName,
            @JsonPropertyDescription("Where the chart comes from.") Chart chart,
            @JsonPropertyDescription("A values.yaml document; parameters are replaced in its strings.") String values,
            @JsonPropertyDescription("Single values, like `helm --set` (or `--set-string` with forceString).") List<SetValue> setValues) {}

    public record Chart(
            @JsonPropertyDescription("A chart from a chart repository.") Repository repository,
            @JsonPropertyDescription("Canopy: a chart directory or packaged chart (.tgz) on the seed's file system.") String path) {}

    public record Repository(
            @JsonPropertyDescription("The chart's name in the repository.") String name,
            @JsonPropertyDescription("The chart version (default: the newest).") String version,
            @JsonPropertyDescription("The repository's URL (its index.yaml is at <repoUrl>/index.yaml).") String repoUrl,
            @JsonPropertyDescription("Secret key holding the repository user name.") SecretKeyRef username,
            @JsonPropertyDescription("Secret key holding the repository password.") SecretKeyRef password) {}

    public record SecretKeyRef(String name, String namespace, String key) {}

    public record SetValue(String name, String value,
                           @JsonPropertyDescription("Set the value as a string (`--set-string`).") Boolean forceString) {}

    public record Parameter(
            @JsonPropertyDescription("The parameter's name, used as ${NAME}.") String name,
            @JsonPropertyDescription("The default value.") String value,
            @JsonPropertyDescription("A TemplateInstance must give a value.") Boolean required,
            @JsonPropertyDescription("A regular expression the value must match.") String validation,
            String description) {}
}
