package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.canopy.agent.SimulatedDriver;
import dev.canopy.agent.leaf.Leaf;
import dev.canopy.agent.leaf.SignupClient;
import dev.canopy.backbone.Keys;
import dev.canopy.backbone.protocol.Signup;
import dev.canopy.server.Seed;
import dev.canopy.testkit.NatsServerFixture;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaf-initiated registration on a real nats-server (the seed's managed one): a token from the API, the
 * agent's signup filed as a Pending InterconnectRequest, approval → the Cluster turns Ready and its live
 * objects are readable through {@code clusters/{name}/objects}, revocation → the agent is disconnected and
 * refused from then on. Bad keys, spent tokens and callers without RBAC are refused. Skipped without nats-server.
 */
class RegistrationIT {
    static final String IR = "/apis/fleet.canopy.dev/v1alpha1/interconnectrequests/";
    @TempDir
    static Path dir;
    static Seed seed;
    static KubernetesClient client, bob;
    static Http admin, asBob;

    @BeforeAll
    static void start() throws Exception {
        if (NatsServerFixture.findBinary() == null) return;
        seed = Seed.start(Seed.Config.forTest(dir.resolve("data")),
                FleetOptions.defaults().withHeartbeat(Duration.ofMillis(200)).withNats("managed", 0));
        Config c = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
        c.setRequestRetryBackoffLimit(0);
        client = new KubernetesClientBuilder().withConfig(c).build();
        Config b = Config.fromKubeconfig(null, Files.readString(seed.adminKubeconfig()), null);
        b.setRequestRetryBackoffLimit(0);
        b.setImpersonateUsername("bob");
        b.setImpersonateGroups("system:authenticated");
        bob = new KubernetesClientBuilder().withConfig(b).build();
        admin = new Http(client);
        asBob = new Http(bob);
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (bob != null) bob.close();
        if (seed != null) seed.close();
    }

    static String token() throws Exception {
        Http.Response r = admin.post("/apis/fleet.canopy.dev/v1alpha1/bootstraptokens",
                "{\"apiVersion\":\"fleet.canopy.dev/v1alpha1\",\"kind\":\"BootstrapToken\",\"spec\":{\"ttlSeconds\":600}}");
        assertThat(r.code()).as(r.body().toString()).isEqualTo(201);
        return r.body().at("/status/token").asText();
    }

    /** A well-formed token whose bootstrap user the server accepts, but that the seed never issued. */
    static String forged() {
        return new dev.canopy.backbone.BootstrapCredential("f0f0f0f0", seed.fleet().nats().orElseThrow().chain()
                .bootstrapUser("f0f0f0f0", Duration.ofMinutes(5))).text();
    }

    static String phase(String name) throws Exception { return admin.get(IR + name).body().at("/status/phase").asText(); }

    Leaf.Config leafConfig(String token, String name, Path state) {
        return new Leaf.Config(seed.fleet().nats().orElseThrow().url(), token, name, Map.of("env", "prod"), state,
                Duration.ofMillis(200), Duration.ofMillis(200));
    }

    @Test
    void requestApproveReadyObjectsRevoke() throws Exception {
        NatsServerFixture.requireBinary();
        Http.Response bad = admin.post("/apis/fleet.canopy.dev/v1alpha1/bootstraptokens",
                "{\"apiVersion\":\"fleet.canopy.dev/v1alpha1\",\"kind\":\"BootstrapToken\",\"spec\":{\"ttlSeconds\":5}}");
        assertThat(bad.code()).isEqualTo(422);
        assertThat(bad.body().at("/details/causes/0/field").asText()).isEqualTo("spec.ttlSeconds");
        String token = token();
        Path state = dir.resolve("prod-1-state");
        CompletableFuture<Leaf> leaf = CompletableFuture.supplyAsync(() -> {
            try {
                return Leaf.start(leafConfig(token, "prod-1", state), new SimulatedDriver(), m -> { });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> "Pending".equals(phase("prod-1")));
        var req = admin.get(IR + "prod-1").body();
        assertThat(req.at("/spec/labels/env").asText()).isEqualTo("prod");
        assertThat(req.at("/spec/facts/driver").asText()).isEqualTo("simulated");
        assertThat(req.at("/spec/publicKey").asText()).startsWith("U");
        assertThat(leaf).isNotDone();

        // the token is spent: a second agent with it is refused, with the reason
        assertThatThrownBy(() -> SignupClient.signUp(seed.fleet().nats().orElseThrow().url(),
                new Signup("prod-2", Keys.publicKey(Keys.newUser()), Map.of(), token, null), Duration.ofMillis(100), m -> { }))
                .isInstanceOf(SignupClient.Refused.class).hasMessageContaining("bootstrap token already used");
        // a bad key, and an unknown token, are refused too (and file nothing)
        String fresh = token();
        assertThatThrownBy(() -> SignupClient.signUp(seed.fleet().nats().orElseThrow().url(),
                new Signup("prod-3", "not-a-key", Map.of(), fresh, null), Duration.ofMillis(100), m -> { }))
                .isInstanceOf(SignupClient.Refused.class).hasMessageContaining("bad public key");
        assertThat(admin.get(IR + "prod-3").code()).isEqualTo(404);
        // another agent (another key) asking for a name already requested is refused, and its token stays unspent
        assertThatThrownBy(() -> SignupClient.signUp(seed.fleet().nats().orElseThrow().url(),
                new Signup("prod-1", Keys.publicKey(Keys.newUser()), Map.of(), fresh, null), Duration.ofMillis(100), m -> { }))
                .isInstanceOf(SignupClient.Refused.class).hasMessageContaining("duplicate cluster name");
        assertThatThrownBy(() -> SignupClient.signUp(seed.fleet().nats().orElseThrow().url(),
                new Signup("prod-4", Keys.publicKey(Keys.newUser()), Map.of(), forged(), null), Duration.ofMillis(100), m -> { }))
                .isInstanceOf(SignupClient.Refused.class).hasMessageContaining("unknown bootstrap token");

        // bob (no fleet RBAC) may neither issue tokens nor approve
        assertThat(asBob.post("/apis/fleet.canopy.dev/v1alpha1/bootstraptokens", "{\"apiVersion\":\"fleet.canopy.dev/v1alpha1\",\"kind\":\"BootstrapToken\"}").code()).isEqualTo(403);
        assertThat(asBob.mergePatch(IR + "prod-1", "{\"spec\":{\"approved\":true}}").code()).isEqualTo(404);
        assertThat(asBob.get("/apis/fleet.canopy.dev/v1alpha1/clusters/sim-x/objects").code()).isEqualTo(404);

        // approve: the agent gets its JWT, connects, the Cluster turns Ready with the request's labels
        assertThat(admin.mergePatch(IR + "prod-1", "{\"spec\":{\"approved\":true}}").code()).isEqualTo(200);
        Leaf running = leaf.get(30, java.util.concurrent.TimeUnit.SECONDS);
        try {
            ClusterView view = new ClusterView(client);
            await().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(view.condition("prod-1", "Ready", "status")));
            assertThat(phase("prod-1")).isEqualTo("Approved");
            assertThat(client.genericKubernetesResources("fleet.canopy.dev/v1alpha1", "Cluster").withName("prod-1").get()
                    .getMetadata().getLabels()).containsEntry("env", "prod");

            // a placed tenant's namespace arrives, and is readable live through the objects subresource
            client.genericKubernetesResources("tenancy.canopy.dev/v1alpha1", "Tenant").inNamespace("tenant-root").resource(
                    FleetIT.tenant("leafy", Map.of("matchLabels", Map.of("env", "prod")))).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> running.agent().driver().get("Namespace", null, "tenant-leafy").isPresent());
            Http.Response objects = admin.get("/apis/fleet.canopy.dev/v1alpha1/clusters/prod-1/objects?kind=Namespace");
            assertThat(objects.code()).as(objects.body().toString()).isEqualTo(200);
            assertThat(objects.body().at("/items/0/metadata/name").asText()).isEqualTo("tenant-leafy");
            assertThat(asBob.get("/apis/fleet.canopy.dev/v1alpha1/clusters/prod-1/objects").code()).isEqualTo(404);

            // revoke: the server drops the agent, it cannot come back
            assertThat(admin.mergePatch(IR + "prod-1", "{\"spec\":{\"approved\":false}}").code()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(running::isStopped);
            assertThat(running.stopReason()).containsAnyOf("Revoked", "Authorization");
            assertThat(phase("prod-1")).isEqualTo("Revoked");
            assertThatThrownBy(() -> Leaf.start(leafConfig(null, "prod-1", state), new SimulatedDriver(), m -> { }))
                    .isInstanceOf(SignupClient.Refused.class).hasMessageContaining("Authorization");
            // the operator cannot undo a revocation by approving again
            assertThat(admin.mergePatch(IR + "prod-1", "{\"spec\":{\"approved\":true}}").code()).isEqualTo(422);
            // the unreachable cluster answers the objects subresource with a timeout status
            Http.Response gone = admin.get("/apis/fleet.canopy.dev/v1alpha1/clusters/prod-1/objects");
            assertThat(gone.code()).isEqualTo(504);
            assertThat(gone.body().path("message").asText()).contains("did not answer");
        } finally {
            running.close();
        }
    }
}
