package dev.canopy.agent.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.agent.SimulatedDriver;
import dev.canopy.backbone.BootstrapCredential;
import dev.canopy.backbone.Creds;
import dev.canopy.backbone.Inbound;
import dev.canopy.backbone.Jwts;
import dev.canopy.backbone.NatsConfig;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.TrustChain;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Signup;
import dev.canopy.backbone.protocol.SignupAnswer;
import dev.canopy.backbone.protocol.StatusReport;
import dev.canopy.testkit.NatsServerFixture;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leaf agent against a real nats-server and a stand-in seed that answers PENDING twice, then APPROVED:
 * it waits for a server that is not up yet, signs up with the token's bootstrap user, keeps its key and JWT,
 * reports with them, and a restart reuses them without a token. Skipped without nats-server.
 */
class LeafIT {
    @Test
    void signsUpWaitsConnectsAndRestartsWithoutAToken(@TempDir Path state) throws Exception {
        NatsServerFixture.requireBinary();
        TrustChain chain = TrustChain.create("leaf-test", Clock.systemUTC());
        Codec codec = Codec.standard();
        try (NatsServerFixture nats = NatsServerFixture.start(p -> NatsConfig.seed(p).render(chain))) {
            nats.stop();   // the agent starts before the seed's server is up
            String token = new BootstrapCredential("tok1", chain.bootstrapUser("tok1", Duration.ofMinutes(5))).text();
            Leaf.Config config = new Leaf.Config(nats.url(), token, "leaf-1", Map.of("env", "edge"), state, Duration.ofMillis(100), Duration.ofMillis(100));
            List<String> progress = new CopyOnWriteArrayList<>();
            CompletableFuture<Leaf> started = CompletableFuture.supplyAsync(() -> {
                try {
                    return Leaf.start(config, new SimulatedDriver(), progress::add);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().until(() -> progress.stream().anyMatch(m -> m.startsWith("cannot reach")));
            nats.restart();

            AtomicInteger asked = new AtomicInteger();
            List<Signup> signups = new CopyOnWriteArrayList<>();
            List<String> statusFrom = new CopyOnWriteArrayList<>();
            Connection seed = Nats.connect(Options.builder().server(nats.url()).authHandler(Nats.staticCredentials(chain.seedUser("seed").bytes())).build());
            try {
                seed.createDispatcher(Inbound.handler(codec, Signup.class, (c, s, raw) -> {
                    signups.add(s);
                    SignupAnswer a = asked.incrementAndGet() < 3 ? new SignupAnswer(SignupAnswer.Status.PENDING, "waiting", null)
                            : new SignupAnswer(SignupAnswer.Status.APPROVED, null, chain.agentJwt(s.name(), s.publicKey()));
                    Inbound.reply(seed, codec, raw, a);
                }, r -> { })).subscribe(Subjects.SIGNUP);
                seed.createDispatcher(Inbound.handler(codec, StatusReport.class, (c, r, raw) -> statusFrom.add(c), r -> { }))
                        .subscribe("fleet.*.status");
                seed.flush(Duration.ofSeconds(5));

                Leaf leaf = started.get(30, TimeUnit.SECONDS);
                assertThat(asked.get()).isEqualTo(3);
                assertThat(signups.getFirst().labels()).containsEntry("env", "edge");
                assertThat(signups.getFirst().facts().driver()).isEqualTo("simulated");
                await().until(() -> statusFrom.contains("leaf-1"));
                String key = signups.getFirst().publicKey();
                assertThat(Jwts.decode(Files.readString(state.resolve("agent.jwt"))).subject()).isEqualTo(key);
                assertThat(Files.getPosixFilePermissions(state.resolve("agent.nk")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
                leaf.close();

                // a restart needs no token: the stored key and JWT are used, no new signup
                statusFrom.clear();
                try (Leaf again = Leaf.start(new Leaf.Config(nats.url(), null, "leaf-1", Map.of(), state, Duration.ofMillis(100), Duration.ofMillis(100)),
                        new SimulatedDriver(), m -> { })) {
                    await().until(() -> statusFrom.contains("leaf-1"));
                    assertThat(asked.get()).isEqualTo(3);
                    assertThat(new Creds(Files.readString(state.resolve("agent.jwt")), Files.readString(state.resolve("agent.nk")).trim()).publicKey()).isEqualTo(key);
                }
            } finally {
                seed.close();
            }
        }
    }
}
