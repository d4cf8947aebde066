package dev.canopy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigsTest {
    @Test
    void admin_kubeconfig_is_private_and_usable(@TempDir Path dir) throws Exception {
        AuthModule auth = new AuthModule(SettingsPort.inMemory(), (ns, n) -> Optional.empty(), "seed.local", List.of());
        Path file = auth.writeAdminKubeconfig(dir, "https://127.0.0.1:6443");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        JsonNode k = Json.YAML.readTree(Files.readString(file));
        assertThat(k.path("current-context").asText()).isEqualTo("canopy");
        assertThat(k.at("/clusters/0/cluster/server").asText()).isEqualTo("https://127.0.0.1:6443");
        String ca = new String(Base64.getDecoder().decode(k.at("/clusters/0/cluster/certificate-authority-data").asText()), StandardCharsets.UTF_8);
        assertThat(ca).isEqualTo(auth.ca().caPem());
        assertThat(k.at("/contexts/0/context/user").asText()).isEqualTo("canopy-admin");
        UserInfo admin = auth.authenticator().authenticate(k.at("/users/0/user/token").asText()).orElseThrow();
        assertThat(admin.groups()).contains(UserInfo.MASTERS);

        // rewriting (a restart) keeps the same token
        String before = Files.readString(file);
        auth.writeAdminKubeconfig(dir, "https://127.0.0.1:6443");
        assertThat(Files.readString(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }
}
