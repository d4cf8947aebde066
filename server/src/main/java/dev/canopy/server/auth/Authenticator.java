package dev.canopy.server.auth;

import java.util.Optional;

/**
 * Turns a bearer token into a user. Empty when the token is not one this authenticator issues;
 * throws {@link dev.canopy.api.ApiException} 401 when it is one of ours but invalid or expired.
 * Thread-safe.
 */
public interface Authenticator {
    Optional<UserInfo> authenticate(String bearerToken);
}
