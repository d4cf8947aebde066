package dev.canopy.backbone.protocol;

/**
 * The outcome of {@link Codec#decode}: the message, or a {@link Refusal} saying why not. Never thrown,
 * so that a NATS dispatcher thread only ever sees values.
 */
public sealed interface Decoded<T extends Message> {

    record Accepted<T extends Message>(T message, int version) implements Decoded<T> {}

    /** Why a payload was refused; {@code detail} is for logs and never echoes the whole payload. */
    record Refusal<T extends Message>(Reason reason, String detail) implements Decoded<T> {}

    enum Reason {
        /** Larger than the codec's maximum (checked before parsing). */
        TOO_LARGE,
        /** Empty, not JSON, or not a JSON object. */
        NOT_JSON,
        /** No integer {@code v}. */
        MISSING_VERSION,
        /** {@code v} newer than {@link Codec#VERSION} or older than {@link Codec#MIN_VERSION}. */
        UNSUPPORTED_VERSION,
        /** No {@code type} or one this version does not know. */
        UNKNOWN_TYPE,
        /** A known type whose fields are missing or invalid. */
        INVALID,
        /** A valid message that does not belong where it arrived (e.g. a snapshot on a status subject). */
        WRONG_DIRECTION
    }

    default boolean accepted() { return this instanceof Accepted; }
}
