package dev.canopy.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.cli.seed.SeedEndpoint;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKubeconfigTest {
    @TempDir
    Path tmp;

    static final SeedEndpoint SEED = new SeedEndpoint("canopy", "https://127.0.0.1:6443", "Q0EtREFUQQ==", false);

    /** The rendered kubeconfig must work for a real client: read it back with fabric8, as kubectl would. */
    private Config readBack(String yaml) throws Exception {
        Path f = Files.writeString(tmp.resolve("john.kubeconfig"), yaml);
        return Config.fromKubeconfig(null, f.toFile());
    }

    @Test
    void kubeconfigUsesTheTokenTheSeedAndItsCa() throws Exception {
        String yaml = TokenKubeconfig.render(SEED, "john", "tok-123", "2026-11-24T10:00:00Z");
        Config c = readBack(yaml);
        assertThat(c.getCurrentContext().getName()).isEqualTo("canopy-john");
        assertThat(c.getCurrentContext().getContext().getUser()).isEqualTo("john");
        assertThat(c.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(c.getCaCertData()).isEqualTo("Q0EtREFUQQ==");
        assertThat(c.getAutoOAuthToken()).isEqualTo("tok-123");
        assertThat(c.isTrustCerts()).isFalse();
    }

    @Test
    void startsWithACommentSayingWhoAndWhenItExpires() {
        String yaml = TokenKubeconfig.render(SEED, "john", "t", "2026-11-24T10:00:00Z");
        assertThat(yaml.lines().findFirst()).hasValue(
                "# kubeconfig for user \"john\" on https://127.0.0.1:6443; the token expires 2026-11-24T10:00:00Z");
        assertThat(TokenKubeconfig.render(SEED, "john", "t", null).lines().findFirst().orElseThrow()).doesNotContain("expires");
    }

    @Test
    void layoutIsTheFamiliarKubeconfigShape() {
        assertThat(TokenKubeconfig.render(SEED, "john", "tok", null)).endsWith("""
                apiVersion: v1
                kind: Config
                clusters:
                - name: canopy
                  cluster:
                    server: https://127.0.0.1:6443
                    certificate-authority-data: Q0EtREFUQQ==
                users:
                - name: john
                  user:
                    token: tok
                contexts:
                - name: canopy-john
                  context:
                    cluster: canopy
                    user: john
                current-context: canopy-john
                preferences: {}
                """);
    }

    @Test
    void insecureSeedStaysInsecureAndHasNoCa() throws Exception {
        var insecure = new SeedEndpoint("dev", "https://10.0.0.1:6443", null, true);
        Config c = readBack(TokenKubeconfig.render(insecure, "system:serviceaccount:ns:robot", "t", null));
        assertThat(c.isTrustCerts()).isTrue();
        assertThat(c.getCaCertData()).isNull();
        assertThat(c.getCurrentContext().getName()).isEqualTo("canopy-system:serviceaccount:ns:robot");
    }

    @Test
    void requestBodyCarriesUserGroupsAndTtlInSeconds() {
        var body = TokenCommand.Create.request("john", List.of("dev", "ops"), Duration.ofHours(24));
        assertThat(body.toString()).isEqualTo(
                "{\"apiVersion\":\"auth.canopy.dev/v1alpha1\",\"kind\":\"UserToken\","
                        + "\"spec\":{\"user\":\"john\",\"groups\":[\"dev\",\"ops\"],\"ttlSeconds\":86400}}");
        assertThat(TokenCommand.Create.request("john", List.of(), null).toString())
                .isEqualTo("{\"apiVersion\":\"auth.canopy.dev/v1alpha1\",\"kind\":\"UserToken\",\"spec\":{\"user\":\"john\"}}");
    }
}
