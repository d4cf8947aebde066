package dev.canopy.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.agent.SimulatedDriver;
import dev.canopy.server.Seed;
import dev.canopy.server.fleet.FleetOptions;
import dev.canopy.server.templates.ChartRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kiosk's template examples with the real kubectl against a seed with one simulated cluster:
 * {@code template-manifests.yaml}, {@code template-instance.yaml} and {@code template-instance-sync.yaml}
 * applied unchanged (the copies in {@code api/src/test/resources/kiosk-examples}); {@code template-helm.yaml}
 * with only its {@code repoUrl} changed to a chart repository on 127.0.0.1 serving a chart named redis
 * (these machines cannot reach kiosk's). The objects arrive on the cluster of the namespace's label.
 */
class TemplatesE2E {
    static final Path EXAMPLES = Path.of("..", "api", "src", "test", "resources", "kiosk-examples");
    @TempDir static Path dir;
    static Seed seed;
    static Kubectl k;
    static ChartRepo repo;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Kubectl.available(), "kubectl is not on PATH");
        repo = new ChartRepo(dir.resolve("repo"));
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")),
                FleetOptions.defaults().withSimulatedClusters(1).withHeartbeat(Duration.ofMillis(200)));
        k = new Kubectl(seed.adminKubeconfig());
        ok(k.runWithInput("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: johns-space, labels: {tenancy.canopy.dev/cluster: sim-1}}
                """, "apply", "-f", "-"));
    }

    @AfterAll
    static void stop() {
        if (seed != null) seed.close();
        if (repo != null) repo.close();
    }

    static void ok(Kubectl.Result r) { assertThat(r.code()).as(r.all()).isZero(); }

    static SimulatedDriver sim() { return seed.fleet().simulated().orElseThrow().driver("sim-1").orElseThrow(); }

    @Test
    void kiosksTemplateExamplesApplyAndTheirObjectsReachTheCluster() throws Exception {
        ok(k.run("apply", "-f", EXAMPLES.resolve("template-manifests.yaml").toString()));
        String helm = Files.readString(EXAMPLES.resolve("template-helm.yaml")).replace("https://charts.bitnami.com/bitnami", repo.url());
        ok(k.runWithInput(helm, "apply", "-f", "-"));
        ok(k.run("apply", "-n", "johns-space", "-f", EXAMPLES.resolve("template-instance.yaml").toString()));
        ok(k.run("apply", "-n", "johns-space", "-f", EXAMPLES.resolve("template-instance-sync.yaml").toString()));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var r = k.run("get", "templateinstances.config.kiosk.sh", "-n", "johns-space", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.status};{end}");
            assertThat(r.out()).contains("redis-instance=Deployed", "space-restrictions-instance-sync=Deployed");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(sim().get("LimitRange", "johns-space", "space-limit-range")).isPresent();
            assertThat(sim().get("ConfigMap", "johns-space", "redis-config")).isPresent();
            assertThat(sim().get("Service", "johns-space", "redis")).isPresent();
        });
        ObjectNode lr = sim().get("LimitRange", "johns-space", "space-limit-range").orElseThrow();
        assertThat(lr.at("/metadata/annotations/example-parameter").asText()).isEqualTo("Hello from johns-space - ${WILL_NOT_BE_REPLACED}");
        assertThat(lr.at("/spec/limits/0/default/cpu").asInt()).isEqualTo(1);
        assertThat(lr.at("/spec/limits/0/defaultRequest/cpu").asInt()).as("the instance's DEFAULT_CPU_REQUESTS").isEqualTo(1);
        assertThat(sim().get("ConfigMap", "johns-space", "redis-config").orElseThrow().at("/data/other").asText()).isEqualTo("johns-space");

        var table = k.run("get", "templateinstances", "-n", "johns-space");
        ok(table);
        assertThat(table.out()).contains("TEMPLATE", "SYNC", "STATUS", "space-restrictions", "Deployed");
        var templates = k.run("get", "templates.config.kiosk.sh");
        ok(templates);
        assertThat(templates.out()).contains("space-restrictions", "1 manifest", "helm redis");
        var explain = k.run("explain", "templates.config.kiosk.sh.resources.helm");
        ok(explain);
        assertThat(explain.out()).contains("releaseName", "setValues", "chart");
    }

    @Test
    void aParameterFailingItsValidationIsRefusedWithItsField() {
        ok(k.run("apply", "-f", EXAMPLES.resolve("template-manifests.yaml").toString()));
        var r = k.runWithInput("""
                apiVersion: config.kiosk.sh/v1alpha1
                kind: TemplateInstance
                metadata: {name: bad, namespace: johns-space}
                spec:
                  template: space-restrictions
                  parameters: [{name: DEFAULT_CPU_REQUESTS, value: "lots"}, {name: UNKNOWN, value: "x"}]
                """, "apply", "-f", "-");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("spec.parameters[0].value", "spec.parameters[1].name", "UNKNOWN");
        assertThat(k.run("get", "templateinstance", "bad", "-n", "johns-space").code()).isNotZero();
    }
}
