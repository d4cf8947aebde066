package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelmRendererIT {
    @TempDir static Path dir;
    static ChartRepo repo;
    static HelmRenderer helm;

    @BeforeAll
    static void start() throws Exception {
        repo = new ChartRepo(dir.resolve("repo"));
        helm = new HelmRenderer(dir.resolve("work"));
    }

    @AfterAll
    static void stop() { repo.close(); }

    static List<String> names(List<ObjectNode> objects) {
        return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList();
    }

    @Test
    void rendersAChartFromARepositoryWithItsCrdsValuesAndSets() {
        List<ObjectNode> out = helm.render("redis", "space-a", new ChartSource.Repository(repo.url(), "hello", null, null, null),
                "myOtherValue: space-a\n", List.of(new HelmRenderer.Set("message", "42", true), new HelmRenderer.Set("redisPort", "7000", false)));
        assertThat(names(out)).containsExactlyInAnyOrder("CustomResourceDefinition/widgets.example.org", "ConfigMap/redis-config", "Service/redis");
        ObjectNode cm = out.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo("space-a");
        assertThat(cm.path("data").path("message").asText()).isEqualTo("42");
        assertThat(cm.path("data").path("other").asText()).isEqualTo("space-a");
        ObjectNode svc = out.stream().filter(o -> o.path("kind").asText().equals("Service")).findFirst().orElseThrow();
        assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(7000);
    }

    @Test
    void aDownloadedChartAndTheIndexAreReusedAndAVersionCanBeChosen() {
        HelmRenderer fresh = new HelmRenderer(dir.resolve("fresh"));
        int before = repo.downloads(), indexBefore = repo.indexReads();
        var src = new ChartSource.Repository(repo.url(), "redis", "0.1.0", null, null);
        fresh.render("a", "ns", src, "", List.of());
        fresh.render("b", "ns", src, "", List.of());
        assertThat(repo.downloads() - before).isEqualTo(1);
        assertThat(repo.indexReads() - indexBefore).isEqualTo(1);
    }

    @Test
    void rendersALocalDirectoryAndAPackagedChart() throws Exception {
        assertThat(names(helm.render("x", "ns", new ChartSource.Local(ChartRepo.chartDirectory()), "", List.of()))).contains("ConfigMap/x-config");
        Path tgz;
        try (var files = Files.list(dir.resolve("repo"))) {
            tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
        assertThat(names(helm.render("y", "ns", new ChartSource.Local(tgz), "", List.of()))).contains("ConfigMap/y-config");
    }

    @Test
    void helmsOwnMessageOnARenderError() {
        assertThatThrownBy(() -> helm.render("r", "ns", new ChartSource.Local(ChartRepo.chartDirectory()), "fail: true", List.of()))
                .isInstanceOf(HelmRenderer.HelmException.class).hasMessageContaining("hello chart: the value fail is set");
    }

    @Test
    void missingChartVersionAndUnreachableRepositoryAreClearErrors() {
        assertThatThrownBy(() -> helm.render("r", "ns", new ChartSource.Repository(repo.url(), "nope", null, null, null), "", List.of()))
                .isInstanceOf(HelmRenderer.HelmException.class).hasMessageContaining("chart \"nope\" not found");
        assertThatThrownBy(() -> helm.render("r", "ns", new ChartSource.Repository(repo.url(), "hello", "9.9.9", null, null), "", List.of()))
                .isInstanceOf(HelmRenderer.HelmException.class).hasMessageContaining("version \"9.9.9\" not found");
        assertThatThrownBy(() -> helm.render("r", "ns", new ChartSource.Repository("http://127.0.0.1:1/x", "hello", null, null, null), "", List.of()))
                .isInstanceOf(HelmRenderer.HelmException.class).hasMessageContaining("cannot be reached");
    }

    @Test
    void redirectsAreFollowedButNeverToAMetadataAddress() {
        assertThat(names(helm.render("m", "ns", new ChartSource.Repository(repo.root() + "/moved", "redis", null, null, null), "", List.of())))
                .contains("ConfigMap/m-config");
        assertThatThrownBy(() -> helm.render("r", "ns", new ChartSource.Repository(repo.root() + "/metadata", "redis", null, null, null), "", List.of()))
                .isInstanceOf(HelmRenderer.HelmException.class)
                .hasMessageContaining("http://169.254.169.254/latest/meta-data/").hasMessageContaining("not allowed");
    }

    @Test
    void theSeedsAllowListHoldsAtFetchTime() {
        HelmRenderer only = new HelmRenderer(dir.resolve("only"), new ChartRepositoryPolicy(List.of("https://charts.example.org/")));
        assertThatThrownBy(() -> only.render("r", "ns", new ChartSource.Repository(repo.url(), "redis", null, null, null), "", List.of()))
                .isInstanceOf(HelmRenderer.HelmException.class).hasMessageContaining("is not allowed")
                .hasMessageContaining("https://charts.example.org/");
        HelmRenderer local = new HelmRenderer(dir.resolve("local"), new ChartRepositoryPolicy(List.of(repo.root() + "/")));
        assertThat(names(local.render("l", "ns", new ChartSource.Repository(repo.url(), "redis", null, null, null), "", List.of())))
                .contains("ConfigMap/l-config");
    }
}
