package dev.canopy.cli.commands;

import dev.canopy.api.Json;
import dev.canopy.cli.seed.SeedEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a self-contained kubeconfig for a user token: the seed's server and CA (copied from the
 * caller's kubeconfig), the token, and one context {@code canopy-<user>} that is current, so
 * {@code kubectl --kubeconfig FILE get ...} works at once.
 */
public final class TokenKubeconfig {
    private TokenKubeconfig() {}

    public static String contextName(String user) { return "canopy-" + user; }

    /**
     * @param expiration RFC 3339 time the token expires, or null; written as a leading comment so whoever
     *                   finds the file later knows why it stopped working
     */
    public static String render(SeedEndpoint seed, String user, String token, String expiration) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", seed.server());
        if (seed.caData() != null) cluster.put("certificate-authority-data", seed.caData());
        if (seed.insecure()) cluster.put("insecure-skip-tls-verify", true);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "v1");
        doc.put("kind", "Config");
        doc.put("clusters", List.of(ordered("name", seed.clusterName(), "cluster", cluster)));
        doc.put("users", List.of(ordered("name", user, "user", Map.of("token", token))));
        doc.put("contexts", List.of(ordered("name", contextName(user),
                "context", ordered("cluster", seed.clusterName(), "user", user))));
        doc.put("current-context", contextName(user));
        doc.put("preferences", Map.of());

        String header = "# kubeconfig for user \"" + user + "\" on " + seed.server()
                + (expiration == null || expiration.isBlank() ? "" : "; the token expires " + expiration) + "\n";
        return header + Json.yaml(doc);
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
