package dev.canopy.cli.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** Errors from the seed read the way kubectl prints them. */
class ApiErrorTest {

    @Test
    void statusWithReason() {
        ApiError e = ApiError.fromResponse(404, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,
                 "message":"configmaps \\"x\\" not found","details":{"name":"x","kind":"configmaps"}}""");
        assertThat(e.code()).isEqualTo(404);
        assertThat(e.kubectlMessage()).isEqualTo("Error from server (NotFound): configmaps \"x\" not found");
    }

    @Test
    void invalidWithOneCauseNamesTheField() {
        ApiError e = ApiError.fromResponse(422, """
                {"kind":"Status","status":"Failure","reason":"Invalid","code":422,
                 "message":"UserToken.auth.canopy.dev \\"\\" is invalid: spec.ttlSeconds: Invalid value: 0: must be between 1 and 31536000 (1 year)",
                 "details":{"kind":"UserToken","name":"","causes":[
                   {"reason":"FieldValueInvalid","field":"spec.ttlSeconds","message":"Invalid value: 0: must be between 1 and 31536000 (1 year)"}]}}""");
        assertThat(e.kubectlMessage())
                .isEqualTo("The UserToken \"\" is invalid: spec.ttlSeconds: Invalid value: 0: must be between 1 and 31536000 (1 year)");
    }

    @Test
    void invalidWithSeveralCausesListsThem() {
        ApiError e = ApiError.fromResponse(422, """
                {"kind":"Status","reason":"Invalid","code":422,"message":"m",
                 "details":{"kind":"Tenant","name":"Foo","causes":[
                   {"field":"metadata.name","message":"Invalid value: \\"Foo\\": must match ^[a-z][a-z0-9]*$"},
                   {"field":"spec.hots","message":"unknown field"}]}}""");
        assertThat(e.kubectlMessage()).isEqualTo("The Tenant \"Foo\" is invalid: \n"
                + "* metadata.name: Invalid value: \"Foo\": must match ^[a-z][a-z0-9]*$\n"
                + "* spec.hots: unknown field");
    }

    @Test
    void bodyThatIsNotAStatusStillGivesCodeAndReason() {
        assertThat(ApiError.fromResponse(503, "<html>down</html>").kubectlMessage())
                .isEqualTo("Error from server (ServiceUnavailable): the server responded with HTTP 503: <html>down</html>");
        assertThat(ApiError.fromResponse(418, null).kubectlMessage())
                .isEqualTo("Error from server: the server responded with HTTP 418");
    }

    @Test
    void fabric8ExceptionsAreTranslatedTheSameWay() {
        var status = new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("namespaces is forbidden: User \"john\" cannot list resource \"namespaces\"").build();
        assertThat(ApiError.from(new KubernetesClientException(status)).kubectlMessage())
                .isEqualTo("Error from server (Forbidden): namespaces is forbidden: User \"john\" cannot list resource \"namespaces\"");
    }
}
