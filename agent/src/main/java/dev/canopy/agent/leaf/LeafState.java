package dev.canopy.agent.leaf;

import dev.canopy.backbone.Keys;
import io.nats.client.NKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What a leaf agent keeps across restarts, in its state directory: its nkey seed ({@code agent.nk}, made once,
 * never sent anywhere) and the user JWT the seed signed for it ({@code agent.jwt}). Files are written
 * owner-only. Not thread-safe: used by the agent's start-up.
 */
public final class LeafState {
    private final Path dir;

    public LeafState(Path dir) { this.dir = dir; }

    public Path dir() { return dir; }

    /** The agent's nkey, generated and stored the first time. */
    public NKey key() {
        Path f = dir.resolve("agent.nk");
        try {
            if (Files.exists(f)) return Keys.fromSeed(Files.readString(f).trim());
            NKey k = Keys.newUser();
            write(f, Keys.seed(k));
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> jwt() {
        Path f = dir.resolve("agent.jwt");
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f).trim()).filter(s -> !s.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void saveJwt(String jwt) {
        try {
            write(dir.resolve("agent.jwt"), jwt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Path f, String text) throws IOException {
        Files.createDirectories(dir);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
