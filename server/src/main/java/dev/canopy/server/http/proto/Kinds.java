package dev.canopy.server.http.proto;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The built-in kinds whose protobuf bodies the server decodes, by apiVersion and kind (the runtime.Unknown
 * envelope's TypeMeta). Immutable after class initialisation; thread-safe.
 */
public final class Kinds {
    private Kinds() {}

    private static final Map<String, MessageType> BY_GVK = build();

    private static Map<String, MessageType> build() {
        Map<String, MessageType> m = new LinkedHashMap<>();
        m.put(key("v1", "Namespace"), CoreTypes.NAMESPACE);
        m.put(key("v1", "ConfigMap"), CoreTypes.CONFIG_MAP);
        m.put(key("v1", "Secret"), CoreTypes.SECRET);
        m.put(key("v1", "ServiceAccount"), CoreTypes.SERVICE_ACCOUNT);
        String rbac = "rbac.authorization.k8s.io/v1";
        m.put(key(rbac, "Role"), CoreTypes.ROLE);
        m.put(key(rbac, "ClusterRole"), CoreTypes.CLUSTER_ROLE);
        m.put(key(rbac, "RoleBinding"), CoreTypes.ROLE_BINDING);
        m.put(key(rbac, "ClusterRoleBinding"), CoreTypes.CLUSTER_ROLE_BINDING);
        String authz = "authorization.k8s.io/v1";
        m.put(key(authz, "SelfSubjectAccessReview"), ReviewTypes.SELF_SUBJECT_ACCESS_REVIEW);
        m.put(key(authz, "SubjectAccessReview"), ReviewTypes.SUBJECT_ACCESS_REVIEW);
        m.put(key(authz, "LocalSubjectAccessReview"), ReviewTypes.SUBJECT_ACCESS_REVIEW);
        m.put(key(authz, "SelfSubjectRulesReview"), ReviewTypes.SELF_SUBJECT_RULES_REVIEW);
        String authn = "authentication.k8s.io/v1";
        m.put(key(authn, "SelfSubjectReview"), ReviewTypes.SELF_SUBJECT_REVIEW);
        m.put(key(authn, "TokenReview"), ReviewTypes.TOKEN_REVIEW);
        m.put(key(authn, "TokenRequest"), ReviewTypes.TOKEN_REQUEST);
        return Collections.unmodifiableMap(m);
    }

    private static String key(String apiVersion, String kind) { return apiVersion + " " + kind; }

    /**
     * The table for that apiVersion and kind, or null if it is not a supported built-in kind. DeleteOptions is
     * accepted under any apiVersion: typed clients label it with their own group version.
     */
    public static MessageType lookup(String apiVersion, String kind) {
        if ("DeleteOptions".equals(kind)) return MetaTypes.DELETE_OPTIONS;
        return BY_GVK.get(key(apiVersion, kind));
    }

    /** A human-readable list of the supported kinds ("apiVersion kind, ..."), for error messages. */
    public static String supported() {
        return BY_GVK.keySet().stream().collect(Collectors.joining(", ")) + ", DeleteOptions";
    }
}
