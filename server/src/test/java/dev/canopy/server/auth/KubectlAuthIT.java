package dev.canopy.server.auth;

import dev.canopy.server.http.Protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.server.http.RequestContext;
import dev.canopy.server.http.VirtualHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real kubectl against this package's pieces behind a minimal HTTPS router (JDK HttpsServer, not
 * the Canopy server): the CA as Go's TLS sees it, tokens, impersonation, kubectl's protobuf bodies and the
 * review/token handlers. Skipped when kubectl is not on PATH.
 */
class KubectlAuthIT {
    static HttpsServer server;
    static AuthModule auth;
    @TempDir static Path dir;
    static Path admin, john;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(kubectlAvailable(), "kubectl not on PATH");
        auth = new AuthModule(SettingsPort.inMemory(), (ns, n) -> "ci".equals(ns) && "builder".equals(n) ? Optional.of("uid-b") : Optional.empty(),
                "seed.test", List.of());
        BootstrapPolicy.items().forEach(i -> auth.rbacIndex().upsert(i.storageResource(), i.object()));
        auth.rbacIndex().upsert(RbacIndex.ROLE_BINDINGS, Fixtures.yaml(
                "{metadata: {name: v, namespace: team}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: User, name: john}]}"));
        Map<String, VirtualHandler> handlers = auth.virtualHandlers(auth.rbac(), auth.authenticator());
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(auth.ca().serverContext()));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> serve(ex, handlers));
        server.start();
        String url = "https://localhost:" + server.getAddress().getPort();
        admin = auth.writeAdminKubeconfig(dir, url);
        john = dir.resolve("john.kubeconfig");
        Files.writeString(john, Kubeconfigs.render(url, auth.ca().caPem(), "john",
                auth.issuer().issueUser("john", List.of(), Duration.ofHours(1)).token()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void whoami_for_admin_user_and_impersonated_service_account() throws Exception {
        assertThat(kubectl(admin, "auth", "whoami")).contains("canopy-admin").contains("system:masters");
        assertThat(kubectl(john, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")).isEqualTo("john");
        assertThat(kubectl(admin, "auth", "whoami", "--as", "system:serviceaccount:ci:builder"))
                .contains("system:serviceaccount:ci:builder").contains("system:serviceaccounts:ci");
    }

    @Test
    void can_i_answers_like_kubernetes() throws Exception {
        assertThat(kubectl(john, "auth", "can-i", "list", "configmaps", "-n", "team")).isEqualTo("yes");
        assertThat(kubectl(john, "auth", "can-i", "list", "secrets", "-n", "team")).isEqualTo("no");
        assertThat(kubectl(admin, "auth", "can-i", "list", "secrets", "-n", "team", "--as", "john")).isEqualTo("no");
        assertThat(kubectl(john, "auth", "can-i", "get", "/healthz")).isEqualTo("yes");
        assertThat(kubectl(john, "auth", "can-i", "--list", "-n", "team")).contains("configmaps").contains("selfsubjectaccessreviews.authorization.k8s.io");
        assertThat(kubectl(john, "auth", "can-i", "list", "configmaps", "--as", "mary"))
                .contains("users \"mary\" is forbidden: User \"john\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
    }

    @Test
    void create_token_for_a_service_account() throws Exception {
        String token = kubectl(admin, "create", "token", "builder", "-n", "ci", "--duration=15m");
        UserInfo sa = auth.authenticator().authenticate(token).orElseThrow();
        assertThat(sa.name()).isEqualTo("system:serviceaccount:ci:builder");
        assertThat(kubectl(admin, "create", "token", "ghost", "-n", "ci")).contains("serviceaccounts \"ghost\" not found");
        assertThat(kubectl(admin, "create", "token", "builder", "-n", "ci", "--duration=1m")).contains("less than 10 minutes");
    }

    static String kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", dir.resolve("cache").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Just enough of the Kubernetes API for kubectl's auth commands: discovery, authentication, impersonation, POSTs. */
    static void serve(HttpExchange ex, Map<String, VirtualHandler> handlers) throws IOException {
        String path = ex.getRequestURI().getPath();
        int code = 200;
        Object out;
        try {
            String authz = ex.getRequestHeaders().getFirst("Authorization");
            UserInfo caller = authz == null ? null : auth.authenticator().authenticate(authz.substring("Bearer ".length())).orElse(null);
            if (caller == null) throw ApiException.unauthorized("Unauthorized");
            UserInfo user = Impersonation.apply(caller, ex.getRequestHeaders(), auth.rbac());
            if ("GET".equals(ex.getRequestMethod())) {
                out = switch (path) {
                    case "/api" -> Json.MAPPER.readTree("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}");
                    case "/apis" -> Json.MAPPER.readTree("{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}");
                    case "/api/v1" -> Json.MAPPER.readTree("""
                            {"kind":"APIResourceList","groupVersion":"v1","resources":[
                             {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["get","list"]},
                             {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]},
                             {"name":"serviceaccounts","singularName":"serviceaccount","namespaced":true,"kind":"ServiceAccount","verbs":["get"]},
                             {"name":"serviceaccounts/token","singularName":"","namespaced":true,"group":"authentication.k8s.io","version":"v1","kind":"TokenRequest","verbs":["create"]}]}""");
                    default -> throw ApiException.notFound("path", path);
                };
            } else {
                byte[] raw = ex.getRequestBody().readAllBytes();
                ObjectNode body = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")).contains(Protobuf.MEDIA_TYPE)
                        ? Protobuf.decode(raw)
                        : Json.parseObject(raw);
                String[] p = path.split("/");
                RequestContext ctx = path.endsWith("/token")
                        ? new RequestContext(user, null, p[4], p[6], "token", false)
                        : new RequestContext(user, null, "", "", "", false);
                VirtualHandler h = path.endsWith("/token") ? handlers.get("/serviceaccounts/token") : handlers.get(p[2] + "/" + p[p.length - 1]);
                if (h == null) throw ApiException.notFound("path", path);
                out = h.create(ctx, body);
                code = 201;
            }
        } catch (ApiException e) {
            code = e.code();
            out = Json.object().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                    .put("message", e.getMessage()).put("reason", e.reason()).put("code", e.code());
        }
        byte[] b = Json.writeBytes(out);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
