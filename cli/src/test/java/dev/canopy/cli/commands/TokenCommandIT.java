package dev.canopy.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import dev.canopy.cli.CliRun;
import dev.canopy.cli.FakeSeed;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code canopy token create} against a fake seed over HTTP. */
class TokenCommandIT {
    static final String PATH = "/apis/auth.canopy.dev/v1alpha1/usertokens";
    static final String CREATED = """
            {"apiVersion":"auth.canopy.dev/v1alpha1","kind":"UserToken",
             "metadata":{"name":"john-x7k2p","creationTimestamp":"2026-11-23T10:00:00Z"},
             "spec":{"user":"john","groups":["dev"],"ttlSeconds":5400},
             "status":{"token":"signed.jwt.token","expirationTimestamp":"2026-11-23T11:30:00Z"}}
            """;

    @TempDir
    Path tmp;
    FakeSeed seed;
    Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        seed = new FakeSeed();
        kubeconfig = seed.kubeconfig(tmp, "admin-token");
    }

    @AfterEach
    void stop() { seed.close(); }

    private CliRun canopy(String... args) {
        return CliRun.run(Map.of("KUBECONFIG", kubeconfig.toString()), tmp, args);
    }

    @Test
    void printsAKubeconfigForTheNewUser() throws Exception {
        seed.answer("POST", PATH, 201, CREATED);
        CliRun r = canopy("token", "create", "--user", "john", "--group", "dev", "--ttl", "90m");

        assertThat(r.exitCode()).as(r.err()).isZero();
        FakeSeed.Request sent = seed.requests.getFirst();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer admin-token");
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertThat(body.path("kind").asText()).isEqualTo("UserToken");
        assertThat(body.at("/spec/user").asText()).isEqualTo("john");
        assertThat(body.at("/spec/groups/0").asText()).isEqualTo("dev");
        assertThat(body.at("/spec/ttlSeconds").asLong()).isEqualTo(5400);

        Path saved = Files.writeString(tmp.resolve("john.kubeconfig"), r.out());
        Config john = Config.fromKubeconfig(null, saved.toFile());
        assertThat(john.getCurrentContext().getName()).isEqualTo("canopy-john");
        assertThat(john.getAutoOAuthToken()).isEqualTo("signed.jwt.token");
        assertThat(john.getMasterUrl()).startsWith(seed.url());
        assertThat(r.out()).startsWith("# kubeconfig for user \"john\"").contains("expires 2026-11-23T11:30:00Z");
    }

    @Test
    void outputYamlPrintsTheUserTokenObject() throws Exception {
        seed.answer("POST", PATH, 201, CREATED);
        CliRun r = canopy("token", "create", "--user", "john", "-o", "yaml");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode printed = Json.YAML.readTree(r.out());
        assertThat(printed.path("kind").asText()).isEqualTo("UserToken");
        assertThat(printed.at("/status/token").asText()).isEqualTo("signed.jwt.token");
    }

    @Test
    void globalFlagsMayComeBeforeTheCommand() throws Exception {
        seed.answer("POST", PATH, 201, CREATED);
        CliRun r = CliRun.run(Map.of(), tmp, "--kubeconfig", kubeconfig.toString(), "-o", "json", "token", "create", "--user", "john");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).at("/metadata/name").asText()).isEqualTo("john-x7k2p");
    }

    @Test
    void impersonationIsSentAsHeaders() {
        seed.answer("POST", PATH, 201, CREATED);
        CliRun r = canopy("token", "create", "--user", "john", "--as", "alice", "--as-group", "admins");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(seed.requests.getFirst().header("Impersonate-User")).isEqualTo("alice");
        assertThat(seed.requests.getFirst().header("Impersonate-Group")).isEqualTo("admins");
    }

    @Test
    void forbiddenIsPrintedLikeKubectl() {
        seed.answer("POST", PATH, 403, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
                 "message":"usertokens.auth.canopy.dev is forbidden: User \\"bob\\" cannot create resource \\"usertokens\\" in API group \\"auth.canopy.dev\\" at the cluster scope"}
                """);
        CliRun r = canopy("token", "create", "--user", "john");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("Error from server (Forbidden): usertokens.auth.canopy.dev is forbidden: "
                + "User \"bob\" cannot create resource \"usertokens\" in API group \"auth.canopy.dev\" at the cluster scope");
    }

    @Test
    void errorWithoutStatusBodyStillSaysWhatHappened() {
        seed.answer("POST", PATH, 401, "");
        CliRun r = canopy("token", "create", "--user", "john");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("Error from server (Unauthorized): the server responded with HTTP 401");
    }

    @Test
    void badTtlIsAUsageErrorAndNothingIsSent() {
        CliRun r = canopy("token", "create", "--user", "john", "--ttl", "tomorrow");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--ttl").contains("invalid duration \"tomorrow\"").contains("See 'canopy token create --help'");
        assertThat(seed.requests).isEmpty();
    }

    @Test
    void missingUserIsAUsageError() {
        CliRun r = canopy("token", "create");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--user");
    }

    @Test
    void stoppedSeedIsOneClearLine() {
        seed.close();
        CliRun r = canopy("token", "create", "--user", "john");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: Unable to connect to the server " + seed.url());
        assertThat(r.err().lines().count()).isEqualTo(1);
    }
}
