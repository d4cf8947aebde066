package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Kubeconfig files for Canopy users: cluster {@code canopy} (server URL + CA), one token user, context
 * {@code canopy} selected. The CLI's {@code canopy token create} prints the same shape. Stateless.
 */
public final class Kubeconfigs {
    private Kubeconfigs() {}

    public static final String CLUSTER = "canopy";
    public static final String CONTEXT = "canopy";

    /** The kubeconfig as YAML. */
    public static String render(String serverUrl, String caPem, String userName, String token) {
        ObjectNode k = Json.object().put("apiVersion", "v1").put("kind", "Config");
        ObjectNode cluster = k.putArray("clusters").addObject().put("name", CLUSTER).putObject("cluster");
        cluster.put("server", serverUrl);
        cluster.put("certificate-authority-data", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)));
        k.putArray("users").addObject().put("name", userName).putObject("user").put("token", token);
        k.putArray("contexts").addObject().put("name", CONTEXT).putObject("context").put("cluster", CLUSTER).put("user", userName);
        k.put("current-context", CONTEXT);
        k.putObject("preferences");
        return Json.yaml(k);
    }
}
