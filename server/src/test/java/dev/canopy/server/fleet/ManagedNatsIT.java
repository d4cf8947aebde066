package dev.canopy.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.backbone.TrustChain;
import dev.canopy.server.fleet.nats.ManagedNats;
import dev.canopy.testkit.NatsServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's managed nats-server: a server left running by a killed seed does not block the next start. */
class ManagedNatsIT {
    @Test
    void aServerLeftBehindIsStoppedAndTheNextStartTakesItsPort(@TempDir Path data) throws Exception {
        NatsServerFixture.requireBinary();
        TrustChain chain = TrustChain.create("canopy", Clock.systemUTC());
        int port = NatsServerFixture.freePort();
        ManagedNats leftBehind = ManagedNats.start(data, port, chain);   // never closed: as if the seed was SIGKILLed
        long stalePid = Long.parseLong(Files.readString(data.resolve("nats/nats.pid")).trim());
        try (ManagedNats next = ManagedNats.start(data, port, chain)) {
            assertThat(next.port()).isEqualTo(port);
            assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            long pid = Long.parseLong(Files.readString(data.resolve("nats/nats.pid")).trim());
            assertThat(pid).isNotEqualTo(stalePid);
        } finally {
            leftBehind.close();
        }
        assertThat(data.resolve("nats/nats.pid")).doesNotExist();
    }
}
