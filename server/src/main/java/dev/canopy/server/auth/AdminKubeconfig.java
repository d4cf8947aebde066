package dev.canopy.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The bootstrap admin's kubeconfig, {@code <dataDir>/admin.kubeconfig}. Stateless. */
public final class AdminKubeconfig {
    private AdminKubeconfig() {}

    public static final String FILE = "admin.kubeconfig";

    /**
     * Writes the file for {@value TokenIssuer#ADMIN_USER} readable only by its owner (0600), atomically (a
     * temporary file moved into place) so a concurrent reader never sees half a file. Idempotent: the same
     * inputs give the same file, and the admin token is stable across restarts ({@link TokenIssuer#adminToken}).
     *
     * @return the path written
     */
    public static Path write(Path dataDir, String serverUrl, String caPem, String adminToken) {
        Path target = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, ".admin", ".kubeconfig");
            try {
                ownerOnly(tmp);
                Files.writeString(tmp, Kubeconfigs.render(serverUrl, caPem, TokenIssuer.ADMIN_USER, adminToken));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            ownerOnly(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void ownerOnly(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {   // not a POSIX file system (Windows)
            p.toFile().setReadable(false, false);
            p.toFile().setReadable(true, true);
            p.toFile().setWritable(true, true);
        }
    }
}
