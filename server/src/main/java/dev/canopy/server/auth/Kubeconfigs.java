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

    /**
     * What a client needs from a kubeconfig this seed wrote (its first cluster and user): the server URL, the
     * bearer token, and a TLS context trusting the seed's CA. The reverse of {@link #render}.
     */
    public record Access(java.net.URI server, String token, javax.net.ssl.SSLContext tls) {}

    public static Access read(java.nio.file.Path kubeconfig) throws java.io.IOException, java.security.GeneralSecurityException {
        var kc = Json.parseYaml(java.nio.file.Files.readAllBytes(kubeconfig));
        byte[] ca = Base64.getDecoder().decode(kc.at("/clusters/0/cluster/certificate-authority-data").asText());
        java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(ca)));
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return new Access(java.net.URI.create(kc.at("/clusters/0/cluster/server").asText()), kc.at("/users/0/user/token").asText(), tls);
    }
}
