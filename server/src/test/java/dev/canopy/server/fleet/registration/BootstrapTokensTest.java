package dev.canopy.server.fleet.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.backbone.BootstrapCredential;
import dev.canopy.backbone.Jwts;
import dev.canopy.backbone.TrustChain;
import dev.canopy.store.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class BootstrapTokensTest {
    final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
    final Settings settings = new Settings() {
        @Override public Optional<String> get(String key) { return Optional.ofNullable(map.get(key)); }
        @Override public String putIfAbsent(String key, String value) { map.putIfAbsent(key, value); return map.get(key); }
        @Override public boolean replace(String key, String expected, String value) { return map.replace(key, expected, value); }
    };
    final Clock clock = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
    final TrustChain chain = TrustChain.create("t", clock);
    final BootstrapTokens tokens = new BootstrapTokens(settings, clock);

    @Test
    void aTokenIsKnownOnceSpentAndNeverStoredInClear() {
        BootstrapTokens.Issued t = tokens.issue(chain, Duration.ofHours(1));
        assertThat(map.values()).noneMatch(v -> v.contains(t.token()));
        assertThat(tokens.check(t.token())).isEqualTo(new BootstrapTokens.Verdict.Valid(t.id(), clock.instant().plusSeconds(3600), null));
        assertThat(tokens.spend(t.id(), "prod-1/U1")).isTrue();
        assertThat(tokens.spend(t.id(), "prod-2/U2")).isFalse();
        assertThat(tokens.check(t.token())).isEqualTo(new BootstrapTokens.Verdict.Valid(t.id(), clock.instant().plusSeconds(3600), "prod-1/U1"));
        // the bootstrap NATS user inside lives a day longer, so a pending agent can keep asking for its answer
        var cred = BootstrapCredential.parse(t.token());
        assertThat(Jwts.decode(cred.creds().jwt()).claims().path("exp").asLong())
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)).plus(BootstrapTokens.ANSWER_GRACE).getEpochSecond());
    }

    @Test
    void forgedDamagedAndForeignTokensAreUnknown() {
        BootstrapTokens.Issued t = tokens.issue(chain, Duration.ofHours(1));
        var cred = BootstrapCredential.parse(t.token());
        String forged = new BootstrapCredential(cred.id(), chain.bootstrapUser(cred.id(), Duration.ofHours(1))).text();
        assertThat(tokens.check(forged)).isInstanceOf(BootstrapTokens.Verdict.Unknown.class);
        assertThat(tokens.check("hello")).isInstanceOf(BootstrapTokens.Verdict.Unknown.class);
        assertThat(tokens.check("cbt1.!!!")).isInstanceOf(BootstrapTokens.Verdict.Unknown.class);
        String foreign = new BootstrapTokens(new BootstrapTokensTest().settings, clock).issue(chain, Duration.ofHours(1)).token();
        assertThat(tokens.check(foreign)).isInstanceOf(BootstrapTokens.Verdict.Unknown.class);
    }
}
