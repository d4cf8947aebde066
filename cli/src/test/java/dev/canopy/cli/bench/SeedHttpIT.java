package dev.canopy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import dev.canopy.server.Seed;
import dev.canopy.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's HTTPS client against a real seed: it trusts the seed's CA, authenticates, and keeps its sockets. */
class SeedHttpIT {
    @TempDir
    Path dir;

    @Test
    void createsReadsUpdatesAndSeesConflictsOverKeptTlsConnections() throws Exception {
        try (Seed seed = Seed.start(new Seed.Config(dir, 0, "example.org", TestPostgres.newDatabase()))) {
            SeedHttp http = SeedHttp.fromKubeconfig(seed.adminKubeconfig());
            assertThat(http.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"b\"}}").status())
                    .isEqualTo(201);
            SeedHttp.Reply created = http.post("/api/v1/namespaces/b/configmaps", BenchObjects.json("b", "cm", "x", "b1", 0, null));
            assertThat(created.status()).isEqualTo(201);
            String rv = BenchObjects.resourceVersion(created.body());
            assertThat(http.put("/api/v1/namespaces/b/configmaps/cm", BenchObjects.json("b", "cm", "x", "b1", 1, rv)).status()).isEqualTo(200);
            SeedHttp.Reply stale = http.put("/api/v1/namespaces/b/configmaps/cm", BenchObjects.json("b", "cm", "x", "b1", 2, rv));
            assertThat(stale.status()).isEqualTo(409);
            assertThat(Json.MAPPER.readTree(stale.body()).path("reason").asText()).isEqualTo("Conflict");
            assertThat(http.get("/api/v1/namespaces/b/configmaps/nope").status()).isEqualTo(404);

            // 8 threads × 25 requests: every answer right, and no more sockets than threads
            AtomicInteger right = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 25; i++) {
                        try {
                            JsonNode cm = Json.MAPPER.readTree(http.get("/api/v1/namespaces/b/configmaps/cm").body());
                            if (cm.path("metadata").path("name").asText().equals("cm")) right.incrementAndGet();
                        } catch (Exception e) {
                            return;
                        }
                    }
                }));
            }
            for (Thread t : threads) t.join();
            assertThat(right).hasValue(200);
            assertThat(http.connectionsOpened()).isBetween(1, 8);
        }
    }
}
