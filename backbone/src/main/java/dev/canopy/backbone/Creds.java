package dev.canopy.backbone;

import io.nats.client.support.JwtUtils;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NATS user credential: the user JWT and the user's nkey seed, renderable as the standard decorated
 * {@code .creds} file that jnats ({@code Options.authHandler(Nats.staticCredentials(...))}) and
 * nats-server (leafnode {@code credentials}) read. Immutable; the seed is a secret.
 */
public record Creds(String jwt, String seed) {
    private static final Pattern JWT_BLOCK = Pattern.compile(
            "-{3,}BEGIN NATS USER JWT-{3,}\\s*\\R(\\S+)\\s*\\R-{3,}END NATS USER JWT-{3,}");
    private static final Pattern SEED_BLOCK = Pattern.compile(
            "-{3,}BEGIN USER NKEY SEED-{3,}\\s*\\R(\\S+)\\s*\\R-{3,}END USER NKEY SEED-{3,}");

    public Creds {
        if (jwt == null || jwt.isBlank()) throw new IllegalArgumentException("creds need a JWT");
        if (seed == null || !seed.startsWith("SU")) throw new IllegalArgumentException("creds need a user nkey seed (SU…)");
    }

    /** The {@code .creds} file text (same layout as {@code nsc generate creds}). */
    public String render() { return String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, seed); }

    /** The bytes jnats' {@code Nats.staticCredentials(byte[])} expects. */
    public byte[] bytes() { return render().getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    /** The user's public nkey (the JWT's subject). */
    public String publicKey() { return Keys.publicKey(Keys.fromSeed(seed)); }

    /** Parses a decorated {@code .creds} text; throws IllegalArgumentException when a block is missing. */
    public static Creds parse(String text) {
        Matcher j = JWT_BLOCK.matcher(text);
        Matcher s = SEED_BLOCK.matcher(text);
        if (!j.find() || !s.find()) throw new IllegalArgumentException("not a NATS .creds file");
        return new Creds(j.group(1), s.group(1));
    }

    @Override
    public String toString() { return "Creds[user=" + publicKey() + "]"; }
}
