package dev.canopy.server.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (1.32) against the OpenAPI documents and patch engines: explain, client-side apply
 * (kubectl computes strategic merge patches from our OpenAPI v3), server-side apply and strict
 * validation. Skipped where kubectl is not installed.
 */
class KubectlE2E {
    static MiniApiServer server;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = new MiniApiServer(BuiltinKinds.registry());
    }

    @AfterAll
    static void stop() { if (server != null) server.close(); }

    record Result(int code, String out) {}

    static Result kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--server", server.url(), "--cache-dir", dir.resolve("cache").toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("KUBECONFIG", dir.resolve("none").toString());
            p = pb.start();
        } catch (IOException e) {
            assumeTrue(false, "kubectl is not installed");
            throw e;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void explainFindsKindsAndFields() throws Exception {
        Result cm = kubectl("explain", "configmaps");
        assertThat(cm.code()).as(cm.out()).isZero();
        assertThat(cm.out()).contains("KIND:       ConfigMap").contains("data\t<map[string]string>").contains("metadata\t<ObjectMeta>");
        assertThat(kubectl("explain", "configmap.data").out()).contains("FIELD: data <map[string]string>").contains("Data contains the configuration data");
        Result spec = kubectl("explain", "tenants.spec");
        assertThat(spec.out()).contains("GROUP:      tenancy.canopy.dev").contains("host\t<string>").contains("resourceQuotas\t<map[string]Quantity>");
        assertThat(kubectl("explain", "tenants.spec.etcd", "--api-version", "apps.cozystack.io/v1alpha1").out())
                .contains("GROUP:      apps.cozystack.io").contains("FIELD: etcd <boolean>");
        assertThat(kubectl("explain", "rolebindings.subjects.name").out()).contains("Name of the object being referenced");
    }

    @Test
    void clientSideApplyConverges() throws Exception {
        Path f = file("cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: csa
                  namespace: default
                  labels: {app: web, tier: front}
                  finalizers: [a.example/x, b.example/y]
                data: {color: blue, size: large}
                """);
        assertThat(kubectl("apply", "-f", f.toString()).out()).contains("configmap/csa created");
        Files.writeString(f, Files.readString(f).replace("tier: front", "tier: back").replace(", size: large", "").replace("b.example/y", "c.example/z"));
        Result r = kubectl("apply", "-f", f.toString());
        assertThat(r.out()).contains("configmap/csa configured").doesNotContain("warning");
        ObjectNode o = server.stored("core/configmaps", "default", "csa");
        assertThat(o.at("/data").toString()).isEqualTo("{\"color\":\"blue\"}");
        assertThat(o.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"web\",\"tier\":\"back\"}");
        assertThat(o.at("/metadata/finalizers").toString()).isEqualTo("[\"a.example/x\",\"c.example/z\"]");

        Path t = file("tenant.yaml", "apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Tenant\nmetadata: {name: foo, namespace: tenant-root}\nspec: {etcd: true, host: foo.example.org}\n");
        assertThat(kubectl("apply", "-f", t.toString()).code()).isZero();
        Files.writeString(t, Files.readString(t).replace("etcd: true", "ingress: true"));
        assertThat(kubectl("apply", "-f", t.toString()).out()).contains("configured");
        assertThat(server.stored("tenancy.canopy.dev/tenants", "tenant-root", "foo").at("/spec").toString())
                .isEqualTo("{\"host\":\"foo.example.org\",\"ingress\":true}");
    }

    @Test
    void serverSideApplyConvergesAndReportsConflicts() throws Exception {
        Path f = file("ss.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: default, labels: {app: web, tier: front}}\ndata: {color: blue, size: large}\n");
        assertThat(kubectl("apply", "--server-side", "-f", f.toString()).out()).contains("serverside-applied");
        Files.writeString(f, Files.readString(f).replace(", tier: front", "").replace("blue", "red"));
        assertThat(kubectl("apply", "--server-side", "-f", f.toString()).code()).isZero();
        ObjectNode o = server.stored("core/configmaps", "default", "ssa");
        assertThat(o.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(o.at("/data").toString()).isEqualTo("{\"color\":\"red\",\"size\":\"large\"}");

        assertThat(kubectl("patch", "cm", "ssa", "-n", "default", "--type", "merge", "-p", "{\"data\":{\"color\":\"green\"}}").code()).isZero();
        Result conflict = kubectl("apply", "--server-side", "-f", f.toString());
        assertThat(conflict.code()).isNotZero();
        assertThat(conflict.out()).contains("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using v1: .data.color");
        assertThat(kubectl("apply", "--server-side", "--force-conflicts", "-f", f.toString()).code()).isZero();
        assertThat(server.stored("core/configmaps", "default", "ssa").at("/data/color").asText()).isEqualTo("red");
    }

    @Test
    void strictValidationRejectsUnknownFields() throws Exception {
        Path f = file("bad.yaml", "apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Tenant\nmetadata: {name: bad, namespace: tenant-root}\nspec: {hots: x.example.org}\n");
        Result r = kubectl("apply", "-f", f.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).contains("spec.hots: unknown field \"hots\"");
    }
}
