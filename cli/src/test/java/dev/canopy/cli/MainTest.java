package dev.canopy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the command line as a whole: help, exit codes, errors without a seed. */
class MainTest {
    @TempDir
    Path home;

    private CliRun canopy(String... args) { return CliRun.run(Map.of(), home, args); }

    @Test
    void noArgumentsPrintsHelpListingTheCommands() {
        CliRun r = canopy();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("canopy up").contains("token").contains("version").contains("--kubeconfig");
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = canopy("frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("frobnicate");
    }

    @Test
    void withoutAKubeconfigCommandsSayWhereTheyLookedInOneLine() {
        CliRun r = canopy("token", "create", "--user", "john");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains(home.resolve(".kube/config").toString()).contains("canopy up").contains("KUBECONFIG");
    }

    @Test
    void versionWorksWithoutASeed() {
        CliRun r = canopy("version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Client Version: ").doesNotContain("unknown");
        assertThat(r.err()).contains("Server Version: unknown");
    }

    @Test
    void versionShowsTheServersVersion() throws Exception {
        try (FakeSeed seed = new FakeSeed()) {
            seed.answer("GET", "/version", 200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-canopy.0.1.0\"}");
            Path kc = seed.kubeconfig(home, "t");
            CliRun r = CliRun.run(Map.of("KUBECONFIG", kc.toString()), home, "version");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("Server Version: v1.32.0-canopy.0.1.0");
            CliRun json = CliRun.run(Map.of("KUBECONFIG", kc.toString()), home, "version", "-o", "json");
            assertThat(json.out()).contains("\"serverVersion\": {").contains("\"clientVersion\": {");
        }
    }

    @Test
    void benchListsItsBenchmarksAndRefusesBadSizes() {
        CliRun help = canopy("bench");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("api", "jmh");
        CliRun bad = canopy("bench", "api", "--objects", "10");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--objects must be at least 100");
    }
}
