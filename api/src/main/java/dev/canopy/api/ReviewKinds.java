package dev.canopy.api;

/** Placeholder: the authorization/authentication review kinds are registered by the auth work. */
final class ReviewKinds {
    private ReviewKinds() {}

    static void register(Registry r) {
    }
}
