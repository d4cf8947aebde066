package dev.canopy.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.api.Json;
import dev.canopy.cli.CliRun;
import dev.canopy.cli.FakeSeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code canopy trunk config} against a fake seed: config on stdout, credentials in an owner-only file. */
class TrunkCommandIT {
    @TempDir
    Path tmp;

    @Test
    void printsTheConfigAndWritesTheCredentials() throws Exception {
        try (FakeSeed seed = new FakeSeed()) {
            Path kubeconfig = seed.kubeconfig(tmp, "admin-token");
            seed.answer("POST", "/apis/fleet.canopy.dev/v1alpha1/trunkconfigs", 201, """
                    {"kind":"TrunkConfig","spec":{"systemCredentialsPath":"%s"},
                     "status":{"config":"server_name: \\"trunk-eu\\"\\n","credentials":"-----BEGIN NATS USER JWT-----\\nx\\n",
                     "systemCredentials":"-----BEGIN NATS USER JWT-----\\nsys\\n",
                     "seedRemote":"leafnodes {}\\n"}}""".formatted(tmp.resolve("eu-system.creds")));
            Path creds = tmp.resolve("eu.creds");
            CliRun r = CliRun.run(Map.of("KUBECONFIG", kubeconfig.toString()), tmp, "trunk", "config", "--name", "trunk-eu",
                    "--direction", "SeedDials", "--credentials", creds.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("server_name: \"trunk-eu\"\n");
            assertThat(Files.readString(creds)).startsWith("-----BEGIN NATS USER JWT-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds))).isEqualTo("rw-------");
            assertThat(r.err()).contains("leafnodes {}");
            assertThat(Files.readString(tmp.resolve("eu-system.creds"))).contains("sys");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("eu-system.creds")))).isEqualTo("rw-------");
            var sent = Json.MAPPER.readTree(seed.requests.getFirst().body());
            assertThat(sent.at("/spec/direction").asText()).isEqualTo("SeedDials");
            assertThat(sent.at("/spec/credentialsPath").asText()).isEqualTo(creds.toAbsolutePath().toString());
        }
    }
}
