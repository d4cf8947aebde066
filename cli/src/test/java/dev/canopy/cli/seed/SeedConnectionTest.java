package dev.canopy.cli.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.cli.CliException;
import dev.canopy.cli.Environment;
import dev.canopy.cli.TestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedConnectionTest {
    @TempDir
    Path tmp;

    static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private Path kubeconfig(String caLine) throws Exception {
        return Files.writeString(tmp.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: canopy
                  cluster:
                    server: https://127.0.0.1:6443
                    %s
                - name: other
                  cluster:
                    server: https://10.0.0.1:6443
                    insecure-skip-tls-verify: true
                users:
                - name: admin
                  user:
                    token: admin-token
                contexts:
                - name: canopy-admin
                  context: {cluster: canopy, user: admin}
                - name: other
                  context: {cluster: other, user: admin}
                current-context: canopy-admin
                """.formatted(caLine));
    }



    private SeedConnection open(Path config, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--kubeconfig";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return SeedConnection.open(TestOptions.of(all), new Environment(Map.of(), tmp));
    }

    @Test
    void endpointInlinesTheCaFileSoTheKubeconfigCanTravel() throws Exception {
        Files.writeString(tmp.resolve("ca.crt"), CA_PEM);
        try (SeedConnection c = open(kubeconfig("certificate-authority: ca.crt"))) {
            SeedEndpoint e = c.endpoint();
            assertThat(e.server()).isEqualTo("https://127.0.0.1:6443");
            assertThat(e.clusterName()).isEqualTo("canopy");
            assertThat(new String(Base64.getDecoder().decode(e.caData()))).isEqualTo(CA_PEM);
            assertThat(e.insecure()).isFalse();
        }
    }

    @Test
    void endpointKeepsCaData() throws Exception {
        String data = Base64.getEncoder().encodeToString(CA_PEM.getBytes());
        try (SeedConnection c = open(kubeconfig("certificate-authority-data: " + data))) {
            assertThat(c.endpoint().caData()).isEqualTo(data);
        }
    }

    @Test
    void contextFlagSelectsAnotherCluster() throws Exception {
        try (SeedConnection c = open(kubeconfig(""), "--context", "other")) {
            assertThat(c.endpoint().server()).isEqualTo("https://10.0.0.1:6443");
            assertThat(c.endpoint().insecure()).isTrue();
        }
    }

    @Test
    void unknownContextIsAnError() throws Exception {
        Path config = kubeconfig("");
        assertThatThrownBy(() -> open(config, "--context", "nope"))
                .isInstanceOf(CliException.class).hasMessage("context \"nope\" does not exist in " + config);
    }

    @Test
    void impersonationFlagsReachTheClientConfig() throws Exception {
        try (SeedConnection c = open(kubeconfig(""), "--as", "john", "--as-group", "dev", "--as-group", "ops")) {
            assertThat(c.config().getImpersonateUsername()).isEqualTo("john");
            assertThat(c.config().getImpersonateGroups()).containsExactly("dev", "ops");
        }
    }

    @Test
    void groupWithoutUserIsAUsageError() throws Exception {
        Path config = kubeconfig("");
        assertThatThrownBy(() -> open(config, "--as-group", "dev"))
                .isInstanceOf(CliException.class).hasMessageContaining("--as-group needs --as")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(2);
    }

    @Test
    void unreadableKubeconfigSaysWhich() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad"), "clusters: [ {");
        assertThatThrownBy(() -> open(bad)).isInstanceOf(CliException.class).hasMessageContaining(bad.toString());
    }
}
