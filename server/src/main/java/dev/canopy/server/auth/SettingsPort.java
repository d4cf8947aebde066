package dev.canopy.server.auth;

import java.util.Optional;

/**
 * Cluster-wide settings shared by every replica (the store provides {@code PostgresStore.settings()}),
 * used for the CA, the token signing key and the bootstrap admin token, so all replicas serve the same
 * certificate authority and accept the same tokens.
 *
 * <p>Thread-safe. {@link #putIfAbsent} is atomic across replicas: the first writer wins. Callers here
 * re-read with {@link #get} after {@code putIfAbsent}, so either convention for its return value (the
 * previous value as {@link java.util.Map#putIfAbsent}, or the value now stored) works.
 */
public interface SettingsPort {
    Optional<String> get(String key);

    String putIfAbsent(String key, String value);

    /** Stores {@code value} unless a value exists, and returns whichever value is stored now. */
    default String getOrCreate(String key, java.util.function.Supplier<String> value) {
        Optional<String> have = get(key);
        if (have.isPresent()) return have.get();
        putIfAbsent(key, value.get());
        return get(key).orElseThrow(() -> new IllegalStateException("setting " + key + " vanished right after it was written"));
    }

    /** An in-process implementation, for tests and single-JVM tools. */
    static SettingsPort inMemory() {
        var map = new java.util.concurrent.ConcurrentHashMap<String, String>();
        return new SettingsPort() {
            @Override public Optional<String> get(String key) { return Optional.ofNullable(map.get(key)); }
            @Override public String putIfAbsent(String key, String value) { return map.putIfAbsent(key, value); }
        };
    }
}
