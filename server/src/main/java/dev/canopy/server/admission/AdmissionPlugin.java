package dev.canopy.server.admission;

/**
 * An in-process admission step (mutating and/or validating), run on every write of the kinds it cares
 * about, before anything is stored. In-process on purpose: enforcement never depends on a webhook being
 * reachable (kiosk #148, HNC). Refuses by throwing {@link dev.canopy.api.ApiException}. Must be
 * thread-safe and must not write to the store (it may read).
 */
@FunctionalInterface
public interface AdmissionPlugin {
    void admit(AdmissionRequest request);
}
