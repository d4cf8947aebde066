package dev.canopy.server.auth;

import dev.canopy.api.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * kube-apiserver's impersonation filter: {@code Impersonate-User}, {@code Impersonate-Group} (repeatable),
 * {@code Impersonate-Uid} and {@code Impersonate-Extra-<key>} headers, each checked with the
 * {@code impersonate} verb on users / groups / serviceaccounts (group "") or userextras/&lt;key&gt; and
 * uids (group authentication.k8s.io). Stateless and thread-safe.
 */
public final class Impersonation {
    private Impersonation() {}

    public static final String USER = "impersonate-user";
    public static final String GROUP = "impersonate-group";
    public static final String UID = "impersonate-uid";
    public static final String EXTRA_PREFIX = "impersonate-extra-";
    private static final String AUTHN_GROUP = "authentication.k8s.io";

    /**
     * The effective user: {@code caller} itself when no impersonation header is present.
     *
     * @param headers request headers; names are matched case-insensitively
     * @throws ApiException 400 for groups/extra/uid without a user, 403 (kube's message) when not allowed
     */
    public static UserInfo apply(UserInfo caller, Map<String, List<String>> headers, Authorizer authz) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v == null ? List.of() : v));

        List<String> users = h.getOrDefault(USER, List.of());
        List<String> groupHeaders = h.getOrDefault(GROUP, List.of());
        List<String> uids = h.getOrDefault(UID, List.of());
        Map<String, List<String>> extra = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith(EXTRA_PREFIX) && k.length() > EXTRA_PREFIX.length()) {
                extra.computeIfAbsent(URLDecoder.decode(k.substring(EXTRA_PREFIX.length()), StandardCharsets.UTF_8), x -> new ArrayList<>()).addAll(v);
            }
        });
        if (users.isEmpty() || users.get(0).isEmpty()) {
            if (!groupHeaders.isEmpty() || !extra.isEmpty() || !uids.isEmpty()) {
                throw ApiException.badRequest("requested impersonation of " + describe(groupHeaders, extra, uids) + " without impersonating a user");
            }
            return caller;
        }
        if (users.size() > 1) throw ApiException.badRequest("only one Impersonate-User header may be given");
        if (uids.size() > 1) throw ApiException.badRequest("only one Impersonate-Uid header may be given");
        String username = users.get(0);

        List<String> groups = new ArrayList<>();
        var sa = ServiceAccounts.parse(username);
        if (sa.isPresent()) {
            check(authz, Attributes.resource(caller, "impersonate", "", "serviceaccounts", sa.get()[0], sa.get()[1]));
            if (groupHeaders.isEmpty()) groups.addAll(List.of(ServiceAccounts.ALL_GROUP, ServiceAccounts.ALL_GROUP + ":" + sa.get()[0]));
        } else {
            check(authz, Attributes.resource(caller, "impersonate", "", "users", "", username));
        }
        for (String g : groupHeaders) {
            check(authz, Attributes.resource(caller, "impersonate", "", "groups", "", g));
            groups.add(g);
        }
        extra.forEach((key, values) -> {
            for (String v : values) {
                check(authz, Attributes.resource(caller, "impersonate", AUTHN_GROUP, "userextras", "", v).withSubresource(key));
            }
        });
        String uid = "";
        if (!uids.isEmpty()) {
            uid = uids.get(0);
            check(authz, Attributes.resource(caller, "impersonate", AUTHN_GROUP, "uids", "", uid));
        }
        // As kube: every impersonated (non-anonymous) user is authenticated unless the caller said otherwise.
        if (!"system:anonymous".equals(username)
                && !groups.contains(UserInfo.AUTHENTICATED) && !groups.contains("system:unauthenticated")) {
            groups.add(UserInfo.AUTHENTICATED);
        }
        return new UserInfo(username, uid, groups, extra);
    }

    /** Whether any impersonation header is present (so the server can skip the work). */
    public static boolean requested(Map<String, List<String>> headers) {
        return headers.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT))
                .anyMatch(k -> k.equals(USER) || k.equals(GROUP) || k.equals(UID) || k.startsWith(EXTRA_PREFIX));
    }

    private static void check(Authorizer authz, Attributes a) {
        Authorizer.Decision d = authz.authorize(a);
        if (!d.allowed()) throw RbacMessages.forbiddenException(a, d.reason());
    }

    private static String describe(List<String> groups, Map<String, List<String>> extra, List<String> uids) {
        List<String> what = new ArrayList<>();
        if (!groups.isEmpty()) what.add("groups " + groups);
        if (!extra.isEmpty()) what.add("extra " + extra.keySet());
        if (!uids.isEmpty()) what.add("uid " + uids);
        return String.join(", ", what);
    }
}
