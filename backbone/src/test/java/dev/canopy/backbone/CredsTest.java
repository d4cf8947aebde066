package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class CredsTest {
    final TrustChain chain = TrustChain.create("canopy", Clock.systemUTC());

    @Test
    void rendersTheStandardDecoratedFormatAndParsesItBack() {
        Creds c = chain.agentCreds("c1");
        String text = c.render();
        assertThat(text).startsWith("-----BEGIN NATS USER JWT-----\n" + c.jwt() + "\n------END NATS USER JWT------\n");
        assertThat(text).contains("-----BEGIN USER NKEY SEED-----\n" + c.seed() + "\n------END USER NKEY SEED------\n");
        assertThat(text).contains("NKEYs are sensitive");
        assertThat(Creds.parse(text)).isEqualTo(c);
        assertThat(c.publicKey()).isEqualTo(Jwts.decode(c.jwt()).subject()).startsWith("U");
        assertThat(c.seed()).startsWith("SU");
        assertThat(c.toString()).doesNotContain(c.seed());
    }

    @Test
    void refusesTextWithoutBothBlocks() {
        assertThatThrownBy(() -> Creds.parse("-----BEGIN NATS USER JWT-----\nabc\n------END NATS USER JWT------\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Creds("jwt", "SA-not-a-user-seed")).isInstanceOf(IllegalArgumentException.class);
    }
}
