package dev.canopy.server.http;

import dev.canopy.server.auth.UserInfo;
import java.util.List;
import java.util.Map;

/** Applies {@code Impersonate-*} headers: returns the effective user (the caller itself when none are sent). */
@FunctionalInterface
public interface Impersonator {
    /** @param headers request headers, names lower-cased */
    UserInfo apply(UserInfo caller, Map<String, List<String>> headers);

    Impersonator NONE = (caller, headers) -> caller;
}
