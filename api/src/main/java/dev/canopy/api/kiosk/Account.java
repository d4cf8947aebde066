package dev.canopy.api.kiosk;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;

/**
 * kiosk's Account: who may create Spaces, how many, and what every new Space gets. Cluster-scoped.
 * Canopy adds {@code spec.tenant} (the owning tenant's namespace), {@code spec.space.cluster},
 * {@code spec.space.clusterSelector} and {@code spec.space.deletionPolicy}.
 */
@JsonClassDescription("A kiosk account: subjects who may create Spaces, a space limit, and what each new Space gets.")
public record Account(String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {

    public record Spec(
            @JsonPropertyDescription("The namespace of the tenant that owns this account (e.g. tenant-root, tenant-foo); its admins and its ancestors' admins manage it. Default tenant-root.") String tenant,
            @JsonPropertyDescription("What Spaces of this account get.") SpaceSpec space,
            @JsonPropertyDescription("The users, groups and service accounts that own this account (RoleBinding subject shape).") List<Subject> subjects) {}

    public record SpaceSpec(
            @JsonPropertyDescription("The ClusterRole bound to the account's subjects in each new Space. Default admin; \"\" binds nothing.") String clusterRole,
            @JsonPropertyDescription("The most Spaces this account may have; unset = unlimited.") Integer limit,
            @JsonPropertyDescription("TemplateInstances created (and Deployed) in every new Space before its RoleBinding.") List<AccountTemplateInstance> templateInstances,
            @JsonPropertyDescription("Default metadata (labels, annotations) of new Spaces.") SpaceTemplate spaceTemplate,
            @JsonPropertyDescription("Canopy: the Cluster a new Space is placed on when it names none.") String cluster,
            @JsonPropertyDescription("Canopy: a label selector over Clusters choosing where a new Space is placed when it names no cluster (the first Ready match by name).") LabelSelector clusterSelector,
            @JsonPropertyDescription("Canopy: what happens to the account's Spaces when the account is deleted: Delete (default) or Orphan (they stay).") String deletionPolicy) {}

    public record SpaceTemplate(@JsonPropertyDescription("Labels and annotations merged into each new Space.") ObjectMeta metadata) {}

    public record AccountTemplateInstance(ObjectMeta metadata, TemplateInstanceSpec spec) {}

    public record TemplateInstanceSpec(
            @JsonPropertyDescription("The Template to instantiate.") String template,
            @JsonPropertyDescription("Re-apply when the Template changes.") Boolean sync,
            @JsonPropertyDescription("Values for the Template's parameters.") List<Parameter> parameters) {}

    public record Parameter(String name, String value) {}

    public record Status(@JsonPropertyDescription("The account's Spaces.") List<NamespaceStatus> namespaces) {}

    public record NamespaceStatus(String name) {}
}
