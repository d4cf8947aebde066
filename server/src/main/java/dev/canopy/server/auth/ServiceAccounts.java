package dev.canopy.server.auth;

import java.util.List;
import java.util.Optional;

/** Kubernetes' service-account naming rules ({@code system:serviceaccount:<ns>:<name>}). Stateless. */
public final class ServiceAccounts {
    private ServiceAccounts() {}

    public static final String PREFIX = "system:serviceaccount:";
    public static final String ALL_GROUP = "system:serviceaccounts";

    /**
     * Finds a ServiceAccount's uid; empty when it does not exist. Called on every request that carries a
     * service-account token, so implementations should answer from a cache; thread-safe.
     */
    @FunctionalInterface
    public interface Lookup {
        Optional<String> uid(String namespace, String name);
    }

    public static String username(String namespace, String name) { return PREFIX + namespace + ":" + name; }

    /** {@code [namespace, name]} of a service-account user name, or empty if it is not one. */
    public static Optional<String[]> parse(String username) {
        if (username == null || !username.startsWith(PREFIX)) return Optional.empty();
        String[] parts = username.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) return Optional.empty();
        return Optional.of(parts);
    }

    public static List<String> groups(String namespace) {
        return List.of(ALL_GROUP, ALL_GROUP + ":" + namespace, UserInfo.AUTHENTICATED);
    }
}
