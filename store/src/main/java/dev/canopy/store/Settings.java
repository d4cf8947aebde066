package dev.canopy.store;

import java.util.Optional;

/**
 * Values every server replica must agree on (the CA, the token signing key), kept in the database.
 * Thread-safe; {@link #putIfAbsent} is idempotent and race-free across processes.
 */
public interface Settings {
    Optional<String> get(String key);

    /** Stores {@code value} unless the key already has one; returns the value that won. */
    String putIfAbsent(String key, String value);

    /**
     * Replaces the value of {@code key} only while it is still {@code expected} (compare-and-set across
     * replicas); false when another writer changed it first (re-read and retry) or the key is absent.
     */
    boolean replace(String key, String expected, String value);
}
