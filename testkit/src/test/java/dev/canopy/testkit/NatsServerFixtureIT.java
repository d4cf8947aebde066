package dev.canopy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class NatsServerFixtureIT {

    @Test
    void startsReloadsAndRestartsOnTheSamePort() throws Exception {
        try (NatsServerFixture nats = NatsServerFixture.start("max_payload: 1024\n")) {
            int port = nats.port();
            try (Connection c = Nats.connect(nats.url())) {
                assertThat(c.getServerInfo().getMaxPayload()).isEqualTo(1024);
            }
            nats.writeConfig("max_payload: 2048\n");
            nats.reload();
            nats.restart();
            assertThat(nats.port()).isEqualTo(port);
            try (Connection c = Nats.connect(nats.url())) {
                assertThat(c.getServerInfo().getMaxPayload()).isEqualTo(2048);
                c.flush(Duration.ofSeconds(5));
            }
            nats.stop();
            assertThat(nats.isRunning()).isFalse();
            nats.stop();
        }
    }

    @Test
    void badConfigurationFailsWithTheServerLog() {
        NatsServerFixture.requireBinary();
        assertThatThrownBy(() -> NatsServerFixture.start("this is { not a config"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nats-server exited");
    }

    @Test
    void missingBinarySkipsInsteadOfFailing() {
        String before = System.getProperty(NatsServerFixture.BINARY_PROPERTY);
        System.setProperty(NatsServerFixture.BINARY_PROPERTY, "/nonexistent/nats-server");
        try {
            assertThatThrownBy(() -> NatsServerFixture.start("")).isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("nats-server is not installed");
        } finally {
            if (before == null) System.clearProperty(NatsServerFixture.BINARY_PROPERTY);
            else System.setProperty(NatsServerFixture.BINARY_PROPERTY, before);
        }
    }
}
