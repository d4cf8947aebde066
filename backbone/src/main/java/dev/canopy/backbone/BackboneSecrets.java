package dev.canopy.backbone;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the seed must persist (in PostgreSQL) to keep one NATS trust chain across restarts: the
 * operator, system account and fleet account nkey seeds and their current JWTs, the fleet account's
 * user-signing key, and the fleet account's revocations ({@code user public key -> unix seconds}; users
 * whose JWT was issued at or before that time are refused). A plain record: serialize it with Jackson
 * ({@code Json.MAPPER.writeValueAsString}) and read it back. Immutable; the seeds are secrets.
 */
public record BackboneSecrets(
        String operatorName,
        String operatorSeed,
        String operatorJwt,
        String systemAccountSeed,
        String systemAccountJwt,
        String fleetAccountSeed,
        String fleetSigningSeed,
        String fleetAccountJwt,
        Map<String, Long> revocations) {

    public BackboneSecrets {
        Objects.requireNonNull(operatorName, "operatorName");
        Objects.requireNonNull(operatorSeed, "operatorSeed");
        Objects.requireNonNull(operatorJwt, "operatorJwt");
        Objects.requireNonNull(systemAccountSeed, "systemAccountSeed");
        Objects.requireNonNull(systemAccountJwt, "systemAccountJwt");
        Objects.requireNonNull(fleetAccountSeed, "fleetAccountSeed");
        Objects.requireNonNull(fleetSigningSeed, "fleetSigningSeed");
        Objects.requireNonNull(fleetAccountJwt, "fleetAccountJwt");
        revocations = revocations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(revocations));
    }

    @Override
    public String toString() { return "BackboneSecrets[operator=" + operatorName + ", revocations=" + revocations.size() + "]"; }
}
