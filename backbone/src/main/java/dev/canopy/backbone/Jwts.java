package dev.canopy.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;

/**
 * Signs and decodes NATS JWT v2 tokens ({@code {"typ":"JWT","alg":"ed25519-nkey"}} header, claims with
 * {@code jti} = base32 SHA-256 of the claims, ed25519 signature by an nkey). Signing goes through jnats'
 * {@link JwtUtils#issueJWT}, so the byte format is the one jnats and nats-server agree on; the
 * {@code nats} claim body is rendered by Jackson, which lets us write operator and account claims that
 * jnats has no builder for. Stateless and thread-safe.
 */
public final class Jwts {
    private Jwts() {}

    /** A decoded (not verified) JWT: its header and claims. */
    public record Decoded(ObjectNode header, ObjectNode claims, byte[] signedPart, byte[] signature) {
        /** The {@code nats} claim object. */
        public ObjectNode nats() { return (ObjectNode) claims.path("nats"); }
        public String subject() { return claims.path("sub").asText(); }
        public String issuer() { return claims.path("iss").asText(); }
        public long issuedAt() { return claims.path("iat").asLong(); }
    }

    /**
     * Signs a JWT for {@code subject} with {@code signer}; the issuer is the signer's public key.
     *
     * @param expiration null or zero: never expires
     */
    public static String sign(NKey signer, String subject, String name, long issuedAtSeconds, Duration expiration,
                              ObjectNode nats) {
        try {
            String issuer = new String(signer.getPublicKey());
            String body = Json.MAPPER.writeValueAsString(nats);
            return JwtUtils.issueJWT(signer, subject, name, expiration, issuedAtSeconds, issuer, () -> body);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign JWT for " + subject, e);
        }
    }

    /** Splits and parses a JWT without checking its signature; throws IllegalArgumentException on garbage. */
    public static Decoded decode(String jwt) {
        String[] parts = jwt.trim().split("\\.");
        if (parts.length != 3) throw new IllegalArgumentException("not a JWT: expected 3 parts, got " + parts.length);
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonNode header = Json.MAPPER.readTree(d.decode(parts[0]));
            JsonNode claims = Json.MAPPER.readTree(d.decode(parts[1]));
            if (!(header instanceof ObjectNode h) || !(claims instanceof ObjectNode c)) {
                throw new IllegalArgumentException("JWT header and claims must be JSON objects");
            }
            byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new Decoded(h, c, signed, d.decode(parts[2]));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JWT: " + e.getMessage(), e);
        }
    }

    /** True when {@code jwt} is signed by the nkey whose public key is its {@code iss} claim. */
    public static boolean verify(String jwt) {
        Decoded d = decode(jwt);
        try {
            NKey issuer = NKey.fromPublicKey(d.issuer().toCharArray());
            return issuer.verify(d.signedPart(), d.signature());
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
