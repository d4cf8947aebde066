package dev.canopy.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import dev.canopy.server.auth.UserInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @Test
    void auditIdsAreRandomVersion4UuidsThatDoNotRepeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = AuditLog.auditId();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void eachRecordIsOneAuditEventLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog(file)) {
            UserInfo ann = new UserInfo("ann", "", List.of("dev"), java.util.Map.of());
            log.record(ann, null, "create", "/api/v1/namespaces/a/configmaps?fieldValidation=Strict", "", "v1", "configmaps", "a", "c", "", 201,
                    "127.0.0.1", "kubectl", Instant.parse("2026-11-23T10:00:00Z"));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        JsonNode e = Json.MAPPER.readTree(lines.get(0));
        assertThat(e.path("kind").asText()).isEqualTo("Event");
        assertThat(e.path("requestURI").asText()).isEqualTo("/api/v1/namespaces/a/configmaps?fieldValidation=Strict");
        assertThat(e.at("/user/username").asText()).isEqualTo("ann");
        assertThat(e.at("/objectRef/name").asText()).isEqualTo("c");
        assertThat(e.at("/responseStatus/code").asInt()).isEqualTo(201);
        assertThat(UUID.fromString(e.path("auditID").asText()).version()).isEqualTo(4);
    }
}
