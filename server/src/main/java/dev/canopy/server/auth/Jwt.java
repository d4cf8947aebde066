package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS with HS256 (RFC 7515/7519), only the subset Canopy's own tokens use. The cryptography is
 * the JDK's HMAC-SHA256; the framing is three base64url parts, small enough that a JOSE library would add
 * a dependency without removing risk. Header {@code kid} marks our tokens so foreign JWTs (for other
 * authenticators) are recognised as "not ours" rather than rejected. Stateless and thread-safe.
 */
final class Jwt {
    private Jwt() {}

    static final String KID = "canopy-v1";
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    static String sign(ObjectNode claims, byte[] key) {
        ObjectNode header = Json.object().put("alg", "HS256").put("typ", "JWT").put("kid", KID);
        String signingInput = ENC.encodeToString(Json.writeBytes(header)) + "." + ENC.encodeToString(Json.writeBytes(claims));
        return signingInput + "." + ENC.encodeToString(hmac(key, signingInput));
    }

    /** Empty when the token is not a JWT with our {@code kid}; otherwise the header was ours. */
    static Optional<String[]> ours(String token) {
        if (token == null) return Optional.empty();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) return Optional.empty();
        try {
            JsonNode header = Json.MAPPER.readTree(DEC.decode(parts[0]));
            if (header == null || !KID.equals(header.path("kid").asText())) return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
        return Optional.of(parts);
    }

    /** Verifies the signature (constant time) and returns the claims; throws {@link IllegalArgumentException} saying why not. */
    static ObjectNode verify(String[] parts, byte[] key) {
        JsonNode header = parse(parts[0], "header");
        if (!"HS256".equals(header.path("alg").asText())) throw new IllegalArgumentException("unsupported signing algorithm " + header.path("alg"));
        byte[] expected = hmac(key, parts[0] + "." + parts[1]);
        byte[] actual;
        try {
            actual = DEC.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed signature");
        }
        if (!MessageDigest.isEqual(expected, actual)) throw new IllegalArgumentException("invalid signature");
        JsonNode claims = parse(parts[1], "claims");
        if (!claims.isObject()) throw new IllegalArgumentException("malformed claims");
        return (ObjectNode) claims;
    }

    private static JsonNode parse(String part, String what) {
        try {
            JsonNode n = Json.MAPPER.readTree(DEC.decode(part));
            if (n == null) throw new IllegalArgumentException("malformed " + what);
            return n;
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed " + what);
        }
    }

    private static byte[] hmac(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
