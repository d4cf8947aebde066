package dev.canopy.cli.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.cli.Environment;
import dev.canopy.cli.seed.KubeconfigLocator.Found;
import dev.canopy.cli.seed.KubeconfigLocator.Missing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigLocatorTest {
    @TempDir
    Path tmp;
    Path home;
    Path homeConfig;
    Path a;
    Path b;

    @BeforeEach
    void files() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        homeConfig = file(home.resolve(".kube/config"));
        a = file(tmp.resolve("a.kubeconfig"));
        b = file(tmp.resolve("b.kubeconfig"));
    }

    private static Path file(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "apiVersion: v1\nkind: Config\n");
    }

    private Environment env(String kubeconfigVar) {
        Map<String, String> vars = new HashMap<>();
        if (kubeconfigVar != null) vars.put("KUBECONFIG", kubeconfigVar);
        return new Environment(vars, home);
    }

    @Test
    void flagWinsOverEverything() {
        assertThat(KubeconfigLocator.locate(b.toString(), env(a.toString()))).isEqualTo(new Found(b, "--kubeconfig"));
    }

    @Test
    void flagNamingAMissingFileIsAnErrorNotAFallback() {
        var r = KubeconfigLocator.locate(tmp.resolve("nope").toString(), env(a.toString()));
        assertThat(r).isInstanceOf(Missing.class);
        assertThat(((Missing) r).looked()).containsExactly("--kubeconfig " + tmp.resolve("nope"));
    }

    @Test
    void flagExpandsTilde() throws Exception {
        Path p = file(home.resolve("seed.kubeconfig"));
        assertThat(KubeconfigLocator.locate("~/seed.kubeconfig", env(null))).isEqualTo(new Found(p, "--kubeconfig"));
    }

    @Test
    void kubeconfigVariableBeforeHomeConfig() {
        assertThat(KubeconfigLocator.locate(null, env(a.toString()))).isEqualTo(new Found(a, "$KUBECONFIG"));
    }

    @Test
    void kubeconfigVariableIsAPathListWhoseFirstExistingFileIsUsed() {
        String list = tmp.resolve("missing") + ":" + b + ":" + a;
        assertThat(KubeconfigLocator.locate(null, env(list))).isEqualTo(new Found(b, "$KUBECONFIG"));
    }

    @Test
    void kubeconfigVariableWithNoExistingFileDoesNotFallBackToHome() {
        // kubectl: once KUBECONFIG is set, ~/.kube/config is not part of the search
        var r = KubeconfigLocator.locate(null, env(tmp.resolve("x") + ":" + tmp.resolve("y")));
        assertThat(r).isEqualTo(new Missing(java.util.List.of("$KUBECONFIG=" + tmp.resolve("x") + ":" + tmp.resolve("y"))));
    }

    @Test
    void emptyKubeconfigVariableCountsAsUnset() {
        assertThat(KubeconfigLocator.locate(null, env(""))).isEqualTo(new Found(homeConfig, "~/.kube/config"));
    }

    @Test
    void homeConfigLast() {
        assertThat(KubeconfigLocator.locate(null, env(null))).isEqualTo(new Found(homeConfig, "~/.kube/config"));
    }

    @Test
    void nothingFoundExplainsWhereItLookedAndHowToStartASeed() throws Exception {
        Files.delete(homeConfig);
        var r = (Missing) KubeconfigLocator.locate(null, env(null));
        String msg = KubeconfigLocator.explain(r, env(null));
        assertThat(msg).contains(homeConfig.toString()).contains("canopy up").contains("export KUBECONFIG=");
        assertThat(msg).doesNotContain("\n");
    }

    @Test
    void nothingFoundPointsAtALocalSeedsAdminKubeconfigWhenThereIsOne() throws Exception {
        Files.delete(homeConfig);
        Path admin = file(home.resolve(".canopy/admin.kubeconfig"));
        var r = (Missing) KubeconfigLocator.locate(null, env(null));
        assertThat(KubeconfigLocator.explain(r, env(null))).contains("export KUBECONFIG=" + admin);
    }
}
