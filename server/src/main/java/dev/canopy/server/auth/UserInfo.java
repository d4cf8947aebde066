package dev.canopy.server.auth;

import java.util.List;
import java.util.Map;

/**
 * Who is calling, as Kubernetes' {@code user.Info}. Every authenticated user is also in
 * {@code system:authenticated}; service accounts are {@code system:serviceaccount:<ns>:<name>} in
 * groups {@code system:serviceaccounts} and {@code system:serviceaccounts:<ns>}.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String MASTERS = "system:masters";

    public UserInfo {
        groups = groups == null ? List.of() : List.copyOf(groups);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public boolean inGroup(String g) { return groups.contains(g); }
}
