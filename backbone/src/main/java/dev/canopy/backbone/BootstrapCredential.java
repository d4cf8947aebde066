package dev.canopy.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A one-time bootstrap token as handed to {@code bin/canopy-agent --token}: the token's id and the
 * credentials of a bootstrap NATS user ({@link TrustChain#bootstrapUser}) that may only publish signups and
 * read its own inbox. Text form: {@code cbt1.} + base64url of {@code {"id","jwt","seed"}}. The seed keeps
 * only {@link #hash()} of the text. Immutable; the text is a secret.
 */
public record BootstrapCredential(String id, Creds creds) {
    public static final String PREFIX = "cbt1.";

    public BootstrapCredential {
        Subjects.token(id);
        java.util.Objects.requireNonNull(creds, "creds");
    }

    public String text() {
        ObjectNode n = Json.object().put("id", id).put("jwt", creds.jwt()).put("seed", creds.seed());
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the token text, hex. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.trim().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a token's text; IllegalArgumentException with a reason when it is not one. */
    public static BootstrapCredential parse(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.startsWith(PREFIX)) throw new IllegalArgumentException("not a Canopy bootstrap token (it starts with " + PREFIX + ")");
        try {
            JsonNode n = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(t.substring(PREFIX.length())));
            return new BootstrapCredential(n.path("id").asText(), new Creds(n.path("jwt").asText(), n.path("seed").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("a damaged bootstrap token: " + e.getMessage());
        }
    }

    @Override
    public String toString() { return "BootstrapCredential[" + id + "]"; }
}
