package dev.canopy.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.server.Seed;
import dev.canopy.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two seed replicas on one external PostgreSQL ({@code --database-url}): they share the CA and the admin
 * token, a write acknowledged by one is read by the other, and a watch on one sees writes made through
 * the other, in order.
 */
class ReplicasIT {
    @TempDir
    Path dir;

    @Test
    void twoReplicasOnOneDatabaseServeTheSameObjects() throws Exception {
        String url = TestPostgres.newDatabase();
        try (Seed a = Seed.start(new Seed.Config(dir.resolve("a"), 0, "example.org", url));
             Seed b = Seed.start(new Seed.Config(dir.resolve("b"), 0, "example.org", url))) {
            RawClient ca = new RawClient(a.adminKubeconfig());
            RawClient cb = new RawClient(b.adminKubeconfig());
            assertThat(ca.adminToken).isEqualTo(cb.adminToken);

            assertThat(ca.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"shared\"}}").code()).isEqualTo(201);
            String rv = cb.get("/api/v1/namespaces/shared").json().at("/metadata/resourceVersion").asText();
            assertThat(rv).isNotEmpty();

            @SuppressWarnings("unchecked")
            List<JsonNode>[] events = new List[1];
            Thread watch = Thread.ofVirtual().start(() -> {
                try {
                    events[0] = cb.watch("/api/v1/namespaces/shared/configmaps?watch=true&resourceVersion=" + rv, 3, Duration.ofSeconds(20));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 1; i <= 3; i++) {
                var r = ca.post("/api/v1/namespaces/shared/configmaps", "{\"metadata\":{\"name\":\"c" + i + "\"},\"data\":{\"i\":\"" + i + "\"}}");
                assertThat(r.code()).isEqualTo(201);
            }
            watch.join(Duration.ofSeconds(30));
            assertThat(events[0]).extracting(e -> e.path("type").asText() + " " + e.at("/object/metadata/name").asText())
                    .containsExactly("ADDED c1", "ADDED c2", "ADDED c3");
            assertThat(cb.get("/api/v1/namespaces/shared/configmaps/c2").json().at("/data/i").asText()).isEqualTo("2");
        }
    }
}
