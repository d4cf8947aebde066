package dev.canopy.backbone;

import io.nats.client.NKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** Small helpers around jnats {@link NKey}. Stateless and thread-safe. */
public final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Keys() {}

    public static NKey newOperator() { return create(NKey.Type.OPERATOR); }
    public static NKey newAccount() { return create(NKey.Type.ACCOUNT); }
    public static NKey newUser() { return create(NKey.Type.USER); }

    /** The nkey of an encoded seed ({@code SO…}, {@code SA…}, {@code SU…}). */
    public static NKey fromSeed(String seed) { return NKey.fromSeed(seed.toCharArray()); }

    public static String publicKey(NKey key) {
        try {
            return new String(key.getPublicKey());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read public key", e);
        }
    }

    public static String seed(NKey key) { return new String(key.getSeed()); }

    /** True for a well-formed public user nkey ({@code U…} with a valid checksum). */
    public static boolean isUserPublicKey(String key) {
        try {
            return key != null && NKey.isValidPublicUserKey(key.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static NKey create(NKey.Type type) {
        try {
            return switch (type) {
                case OPERATOR -> NKey.createOperator(RANDOM);
                case ACCOUNT -> NKey.createAccount(RANDOM);
                case USER -> NKey.createUser(RANDOM);
                default -> throw new IllegalArgumentException("unsupported nkey type " + type);
            };
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create " + type + " nkey", e);
        }
    }
}
