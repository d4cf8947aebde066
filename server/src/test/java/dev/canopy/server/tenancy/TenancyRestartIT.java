package dev.canopy.server.tenancy;

import dev.canopy.server.testing.Api;
import static dev.canopy.server.tenancy.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.server.Seed;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a restart the tree is rebuilt from the store (children are listed before their parents) and keeps
 * working; a changed {@code --domain} moves the root's domain and with it every inherited one.
 */
class TenancyRestartIT {
    @TempDir
    Path dir;

    @Test
    void theTreeSurvivesARestart() throws Exception {
        try (Seed seed = Seed.start(Seed.Config.forTest(dir))) {
            Api admin = Api.admin(seed.adminKubeconfig());
            assertThat(admin.post(tenants("tenant-root"), tenant("foo", "")).code()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-foo").code() == 200);
            assertThat(admin.post(tenants("tenant-foo"), tenant("bar", "")).code()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/namespaces/tenant-foo-bar").code() == 200);
        }
        try (Seed seed = Seed.start(new Seed.Config(dir, 0, "example.net", null))) {
            Api admin = Api.admin(seed.adminKubeconfig());
            Api.Response r = admin.post(apps("tenant-foo-bar", "postgreses"), postgres("db", ""));
            assertThat(r.code()).as(r.body()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(admin.get(apps("tenant-foo-bar", "postgreses") + "/db").json().at("/status/host").asText()).isEqualTo("db.bar.foo.example.net"));
        }
    }
}
