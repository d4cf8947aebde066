package dev.canopy.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.api.Json;
import dev.canopy.cli.CliRun;
import dev.canopy.cli.FakeSeed;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code canopy cluster token|approve|revoke|objects} against a fake seed over HTTP. */
class ClusterCommandIT {
    static final String API = "/apis/fleet.canopy.dev/v1alpha1";
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

    private CliRun canopy(String... args) { return CliRun.run(Map.of("KUBECONFIG", kubeconfig.toString()), tmp, args); }

    @Test
    void tokenPrintsOnlyTheToken() throws Exception {
        seed.answer("POST", API + "/bootstraptokens", 201, """
                {"apiVersion":"fleet.canopy.dev/v1alpha1","kind":"BootstrapToken","spec":{"ttlSeconds":7200},
                 "status":{"token":"cbt1.abc","tokenId":"1f2e","expirationTimestamp":"2026-11-23T12:00:00Z"}}""");
        CliRun r = canopy("cluster", "token", "--ttl", "2h");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("cbt1.abc\n");
        assertThat(r.err()).contains("1f2e").contains("2026-11-23T12:00:00Z");
        assertThat(Json.MAPPER.readTree(seed.requests.getFirst().body()).at("/spec/ttlSeconds").asLong()).isEqualTo(7200);
    }

    @Test
    void approveAndRevokePatchTheRequest() throws Exception {
        seed.answer("PATCH", API + "/interconnectrequests/prod-1", 200, "{\"kind\":\"InterconnectRequest\"}");
        seed.answer("GET", API + "/interconnectrequests/prod-1", 200, "{\"kind\":\"InterconnectRequest\",\"status\":{\"phase\":\"Approved\"}}");
        CliRun a = canopy("cluster", "approve", "prod-1");
        assertThat(a.exitCode()).as(a.err()).isZero();
        FakeSeed.Request sent = seed.requests.getFirst();
        assertThat(sent.header("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(Json.MAPPER.readTree(sent.body()).at("/spec/approved").asBoolean()).isTrue();

        CliRun r = canopy("cluster", "revoke", "prod-1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("prod-1 revoked");
        assertThat(Json.MAPPER.readTree(seed.requests.getLast().body()).at("/spec/approved").asBoolean(true)).isFalse();
    }

    @Test
    void approvingAnUnknownRequestSaysNotFound() {
        CliRun r = canopy("cluster", "approve", "nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("NotFound").doesNotContain("Exception");
    }

    @Test
    void objectsPrintsATableAndTimeoutsClearly() {
        seed.answer("GET", API + "/clusters/prod-1/objects", 200, """
                {"apiVersion":"v1","kind":"List","items":[
                 {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"tenant-acme","creationTimestamp":"2026-11-23T09:00:00Z"}},
                 {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"admins","namespace":"tenant-acme"}}]}""");
        CliRun r = canopy("cluster", "objects", "prod-1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                KIND          NAMESPACE     NAME          AGE
                Namespace     <none>        tenant-acme   60m
                RoleBinding   tenant-acme   admins        <none>
                """);

        seed.answer("GET", API + "/clusters/prod-2/objects", 504, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Timeout","code":504,
                 "message":"cluster prod-2 did not answer within 10s (no agent of prod-2 is listening)"}""");
        CliRun t = canopy("cluster", "objects", "prod-2", "--kind", "Namespace");
        assertThat(t.exitCode()).isEqualTo(1);
        assertThat(t.err()).contains("did not answer within 10s");
    }

    @Test
    void listPrintsTheServerTableAndThePendingRequests() {
        seed.answer("GET", API + "/clusters", 200, """
                {"kind":"Table","apiVersion":"meta.k8s.io/v1","columnDefinitions":[{"name":"Name","type":"string","priority":0},
                 {"name":"Ready","type":"string","priority":0}],"rows":[{"cells":["prod-1","True"]}]}""");
        seed.answer("GET", API + "/interconnectrequests", 200, """
                {"kind":"InterconnectRequestList","items":[{"metadata":{"name":"prod-2"},"status":{"phase":"Pending"}},
                 {"metadata":{"name":"prod-1"},"status":{"phase":"Approved"}}]}""");
        CliRun r = canopy("cluster", "list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                NAME     READY
                prod-1   True

                Waiting for approval (canopy cluster approve NAME): prod-2
                """);
    }
}
