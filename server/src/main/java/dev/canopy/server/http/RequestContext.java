package dev.canopy.server.http;

import dev.canopy.api.ResourceType;
import dev.canopy.server.auth.UserInfo;

/**
 * One resource request after routing and authentication.
 *
 * @param user      the effective user (after impersonation)
 * @param type      the kind addressed by the URL (an alias type when the URL uses an alias group)
 * @param namespace "" when none in the URL
 * @param name      "" for collection requests
 * @param dryRun    {@code dryRun=All}: validate and answer, write nothing
 */
public record RequestContext(UserInfo user, ResourceType type, String namespace, String name, String subresource, boolean dryRun) {}
