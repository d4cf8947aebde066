package dev.canopy.api.schema;

import java.util.Map;

/**
 * Descriptions of Kubernetes' own types and fields, which fabric8's model classes do not carry, so
 * that {@code kubectl explain} says what a field is for. Abridged from the Kubernetes API reference.
 */
final class KubeDescriptions {
    private KubeDescriptions() {}

    private static final Map<String, String> TEXT = Map.ofEntries(
            Map.entry("ConfigMap.data", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field."),
            Map.entry("ConfigMap.binaryData", "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte sequences that are not in the UTF-8 range."),
            Map.entry("ConfigMap.immutable", "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified)."),
            Map.entry("Secret.data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string."),
            Map.entry("Secret.stringData", "stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values."),
            Map.entry("Secret.type", "Used to facilitate programmatic handling of secret data."),
            Map.entry("Secret.immutable", "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified)."),
            Map.entry("ServiceAccount.secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
            Map.entry("ServiceAccount.imagePullSecrets", "ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount."),
            Map.entry("ServiceAccount.automountServiceAccountToken", "AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted."),
            Map.entry("NamespaceSpec", "NamespaceSpec describes the attributes on a Namespace."),
            Map.entry("NamespaceSpec.finalizers", "Finalizers is an opaque list of values that must be empty to permanently remove object from storage."),
            Map.entry("NamespaceStatus", "NamespaceStatus is information about the current status of a Namespace."),
            Map.entry("NamespaceStatus.phase", "Phase is the current lifecycle phase of the namespace."),
            Map.entry("NamespaceStatus.conditions", "Represents the latest available observations of a namespace's current state."),
            Map.entry("Role.rules", "Rules holds all the PolicyRules for this Role"),
            Map.entry("ClusterRole.rules", "Rules holds all the PolicyRules for this ClusterRole"),
            Map.entry("ClusterRole.aggregationRule", "AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller."),
            Map.entry("RoleBinding.subjects", "Subjects holds references to the objects the role applies to."),
            Map.entry("RoleBinding.roleRef", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. This field is immutable."),
            Map.entry("ClusterRoleBinding.subjects", "Subjects holds references to the objects the role applies to."),
            Map.entry("ClusterRoleBinding.roleRef", "RoleRef can only reference a ClusterRole in the global namespace. This field is immutable."),
            Map.entry("PolicyRule", "PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to."),
            Map.entry("PolicyRule.apiGroups", "APIGroups is the name of the APIGroup that contains the resources. \"\" represents the core API group and \"*\" represents all API groups."),
            Map.entry("PolicyRule.resources", "Resources is a list of resources this rule applies to. '*' represents all resources."),
            Map.entry("PolicyRule.verbs", "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs."),
            Map.entry("PolicyRule.resourceNames", "ResourceNames is an optional white list of names that the rule applies to. An empty set means that everything is allowed."),
            Map.entry("PolicyRule.nonResourceURLs", "NonResourceURLs is a set of partial urls that a user should have access to. *s are allowed, but only as the full, final step in the path."),
            Map.entry("Subject", "Subject contains a reference to the object or user identities a role binding applies to."),
            Map.entry("Subject.kind", "Kind of object being referenced. Values defined by this API group are \"User\", \"Group\", and \"ServiceAccount\"."),
            Map.entry("Subject.name", "Name of the object being referenced."),
            Map.entry("Subject.namespace", "Namespace of the referenced object. If the object kind is non-namespace, such as \"User\" or \"Group\", and this value is not empty the Authorizer should report an error."),
            Map.entry("Subject.apiGroup", "APIGroup holds the API group of the referenced subject. Defaults to \"\" for ServiceAccount subjects, \"rbac.authorization.k8s.io\" for User and Group subjects."),
            Map.entry("RoleRef", "RoleRef contains information that points to the role being used"),
            Map.entry("RoleRef.kind", "Kind is the type of resource being referenced"),
            Map.entry("RoleRef.name", "Name is the name of resource being referenced"),
            Map.entry("RoleRef.apiGroup", "APIGroup is the group for the resource being referenced"),
            Map.entry("ObjectMeta", "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create."),
            Map.entry("ObjectMeta.name", "Name must be unique within a namespace. Is required when creating resources. Cannot be updated."),
            Map.entry("ObjectMeta.generateName", "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."),
            Map.entry("ObjectMeta.namespace", "Namespace defines the space within which each name must be unique. Not all objects are required to be scoped to a namespace. Cannot be updated."),
            Map.entry("ObjectMeta.labels", "Map of string keys and values that can be used to organize and categorize (scope and select) objects."),
            Map.entry("ObjectMeta.annotations", "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata."),
            Map.entry("ObjectMeta.finalizers", "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list."),
            Map.entry("ObjectMeta.ownerReferences", "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected."),
            Map.entry("ObjectMeta.uid", "UID is the unique in time and space value for this object. It is set by the server on successful creation. Read-only."),
            Map.entry("ObjectMeta.resourceVersion", "An opaque value that represents the internal version of this object, used for optimistic concurrency and watches. Read-only."),
            Map.entry("ObjectMeta.generation", "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."),
            Map.entry("ObjectMeta.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only."),
            Map.entry("ObjectMeta.deletionTimestamp", "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested. Read-only."),
            Map.entry("ObjectMeta.deletionGracePeriodSeconds", "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Read-only."),
            Map.entry("ObjectMeta.managedFields", "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field."),
            Map.entry("ObjectMeta.selfLink", "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."),
            Map.entry("LabelSelector", "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects."),
            Map.entry("LabelSelector.matchLabels", "matchLabels is a map of {key,value} pairs, each equivalent to an element of matchExpressions whose key field is \"key\", operator \"In\" and values array contains only \"value\"."),
            Map.entry("LabelSelector.matchExpressions", "matchExpressions is a list of label selector requirements. The requirements are ANDed."),
            Map.entry("Condition.type", "type of condition in CamelCase or in foo.example.com/CamelCase."),
            Map.entry("Condition.status", "status of the condition, one of True, False, Unknown."),
            Map.entry("Condition.reason", "reason contains a programmatic identifier indicating the reason for the condition's last transition."),
            Map.entry("Condition.message", "message is a human readable message indicating details about the transition."),
            Map.entry("Condition.lastTransitionTime", "lastTransitionTime is the last time the condition transitioned from one status to another."),
            Map.entry("Condition.observedGeneration", "observedGeneration represents the .metadata.generation that the condition was set based upon."));

    /** The description of {@code type.field} (or of {@code type} when field is null), or null. */
    static String of(String type, String field) {
        return TEXT.get(field == null ? type : type + "." + field);
    }
}
