package dev.canopy.backbone.protocol;

/**
 * The seed's answer to a {@link Signup}: {@code PENDING} (filed, waiting for an operator),
 * {@code APPROVED} with the agent's user JWT (signed for the public key it sent), or {@code REFUSED}
 * with a reason (bad key, duplicate name, spent token).
 */
public record SignupAnswer(Status status, String reason, String userJwt) implements SeedMessage {
    public enum Status { PENDING, APPROVED, REFUSED }

    public SignupAnswer {
        Checks.required(status, "status");
        if (status == Status.APPROVED) Checks.text(userJwt, "userJwt");
        if (status == Status.REFUSED) Checks.text(reason, "reason");
    }
}
