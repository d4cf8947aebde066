package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Kubeconfig files for Canopy users: cluster {@code canopy} (server URL + CA), one token user, context
 * {@code canopy} selected. The CLI's {@code canopy token create} prints the same shape. Stateless.
 */
public final class Kubeconfigs {
    private Kubeconfigs() {}

    public static final String CLUSTER = "canopy";
    public static final String CONTEXT = "canopy";
    public static final String ADMIN_FILE = "admin.kubeconfig";

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
     * Writes {@code <dataDir>/admin.kubeconfig} for the bootstrap admin, readable only by its owner (0600),
     * atomically (a temporary file moved into place), so a concurrent reader never sees half a file.
     * Idempotent: rewriting with the same inputs yields the same file.
     */
    public static Path writeAdmin(Path dataDir, String serverUrl, String caPem, String adminToken) {
        try {
            Files.createDirectories(dataDir);
            Path target = dataDir.resolve(ADMIN_FILE);
            Path tmp = Files.createTempFile(dataDir, ".admin", ".kubeconfig");
            try {
                setOwnerOnly(tmp);
                Files.writeString(tmp, render(serverUrl, caPem, TokenIssuer.ADMIN_USER, adminToken));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            setOwnerOnly(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(ADMIN_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static void setOwnerOnly(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            p.toFile().setReadable(false, false);
            p.toFile().setReadable(true, true);
            p.toFile().setWritable(true, true);
        }
    }
}
