package dev.canopy.server.http.proto;

import static dev.canopy.server.http.proto.Field.bool;
import static dev.canopy.server.http.proto.Field.bytesMap;
import static dev.canopy.server.http.proto.Field.message;
import static dev.canopy.server.http.proto.Field.messages;
import static dev.canopy.server.http.proto.Field.str;
import static dev.canopy.server.http.proto.Field.stringMap;
import static dev.canopy.server.http.proto.Field.strings;
import static dev.canopy.server.http.proto.Field.time;
import static dev.canopy.server.http.proto.MetaTypes.LABEL_SELECTOR;
import static dev.canopy.server.http.proto.MetaTypes.OBJECT_META;

/**
 * Tables for {@code k8s.io/api/core/v1/generated.proto} and {@code k8s.io/api/rbac/v1/generated.proto}: the
 * kinds {@code kubectl create namespace|configmap|secret|serviceaccount|role|clusterrole|rolebinding|clusterrolebinding}
 * send. Field numbers are copied from those files. Constants only: thread-safe.
 */
public final class CoreTypes {
    private CoreTypes() {}

    // ---- core/v1 ----

    /** ObjectReference: kind 1, namespace 2, name 3, uid 4, apiVersion 5, resourceVersion 6, fieldPath 7. */
    public static final MessageType OBJECT_REFERENCE = MessageType.of("ObjectReference",
            str(1, "kind"),
            str(2, "namespace"),
            str(3, "name"),
            str(4, "uid"),
            str(5, "apiVersion"),
            str(6, "resourceVersion"),
            str(7, "fieldPath"));

    /** LocalObjectReference: name 1. */
    public static final MessageType LOCAL_OBJECT_REFERENCE = MessageType.of("LocalObjectReference",
            str(1, "name"));

    /** NamespaceSpec: finalizers 1. */
    public static final MessageType NAMESPACE_SPEC = MessageType.of("NamespaceSpec",
            strings(1, "finalizers"));

    /** NamespaceCondition: type 1, status 2, lastTransitionTime 4, reason 5, message 6. */
    public static final MessageType NAMESPACE_CONDITION = MessageType.of("NamespaceCondition",
            str(1, "type"),
            str(2, "status"),
            time(4, "lastTransitionTime"),
            str(5, "reason"),
            str(6, "message"));

    /** NamespaceStatus: phase 1, conditions 2. */
    public static final MessageType NAMESPACE_STATUS = MessageType.of("NamespaceStatus",
            str(1, "phase"),
            messages(2, "conditions", NAMESPACE_CONDITION));

    /** Namespace: metadata 1, spec 2, status 3. */
    public static final MessageType NAMESPACE = MessageType.of("Namespace",
            message(1, "metadata", OBJECT_META),
            message(2, "spec", NAMESPACE_SPEC),
            message(3, "status", NAMESPACE_STATUS));

    /** ConfigMap: metadata 1, immutable 4 (*bool), data 2, binaryData 3. */
    public static final MessageType CONFIG_MAP = MessageType.of("ConfigMap",
            message(1, "metadata", OBJECT_META),
            bool(4, "immutable").pointer(),
            stringMap(2, "data"),
            bytesMap(3, "binaryData"));

    /** Secret: metadata 1, immutable 5 (*bool), data 2, stringData 4, type 3. */
    public static final MessageType SECRET = MessageType.of("Secret",
            message(1, "metadata", OBJECT_META),
            bool(5, "immutable").pointer(),
            bytesMap(2, "data"),
            stringMap(4, "stringData"),
            str(3, "type"));

    /** ServiceAccount: metadata 1, secrets 2, imagePullSecrets 3, automountServiceAccountToken 4 (*bool). */
    public static final MessageType SERVICE_ACCOUNT = MessageType.of("ServiceAccount",
            message(1, "metadata", OBJECT_META),
            messages(2, "secrets", OBJECT_REFERENCE),
            messages(3, "imagePullSecrets", LOCAL_OBJECT_REFERENCE),
            bool(4, "automountServiceAccountToken").pointer());

    // ---- rbac/v1 ----

    /** PolicyRule: verbs 1, apiGroups 2, resources 3, resourceNames 4, nonResourceURLs 5. */
    public static final MessageType POLICY_RULE = MessageType.of("PolicyRule",
            strings(1, "verbs"),
            strings(2, "apiGroups"),
            strings(3, "resources"),
            strings(4, "resourceNames"),
            strings(5, "nonResourceURLs"));

    /** AggregationRule: clusterRoleSelectors 1. */
    public static final MessageType AGGREGATION_RULE = MessageType.of("AggregationRule",
            messages(1, "clusterRoleSelectors", LABEL_SELECTOR));

    /** Subject: kind 1, apiGroup 2, name 3, namespace 4. */
    public static final MessageType SUBJECT = MessageType.of("Subject",
            str(1, "kind"),
            str(2, "apiGroup"),
            str(3, "name"),
            str(4, "namespace"));

    /** RoleRef: apiGroup 1, kind 2, name 3. */
    public static final MessageType ROLE_REF = MessageType.of("RoleRef",
            str(1, "apiGroup"),
            str(2, "kind"),
            str(3, "name"));

    /** Role: metadata 1, rules 2. */
    public static final MessageType ROLE = MessageType.of("Role",
            message(1, "metadata", OBJECT_META),
            messages(2, "rules", POLICY_RULE));

    /** ClusterRole: metadata 1, rules 2, aggregationRule 3. */
    public static final MessageType CLUSTER_ROLE = MessageType.of("ClusterRole",
            message(1, "metadata", OBJECT_META),
            messages(2, "rules", POLICY_RULE),
            message(3, "aggregationRule", AGGREGATION_RULE));

    /** RoleBinding: metadata 1, subjects 2, roleRef 3. */
    public static final MessageType ROLE_BINDING = MessageType.of("RoleBinding",
            message(1, "metadata", OBJECT_META),
            messages(2, "subjects", SUBJECT),
            message(3, "roleRef", ROLE_REF));

    /** ClusterRoleBinding: metadata 1, subjects 2, roleRef 3. */
    public static final MessageType CLUSTER_ROLE_BINDING = MessageType.of("ClusterRoleBinding",
            message(1, "metadata", OBJECT_META),
            messages(2, "subjects", SUBJECT),
            message(3, "roleRef", ROLE_REF));
}
