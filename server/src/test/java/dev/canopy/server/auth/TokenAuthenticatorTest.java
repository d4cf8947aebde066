package dev.canopy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
    final SettingsPort settings = SettingsPort.inMemory();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final TokenIssuer issuer = new TokenIssuer(settings, clock);
    final Map<String, String> serviceAccounts = new HashMap<>(Map.of("ci/builder", "uid-1"));
    final TokenAuthenticator authn = new TokenAuthenticator(issuer, (ns, n) -> Optional.ofNullable(serviceAccounts.get(ns + "/" + n)));

    @Test
    void user_token_round_trip_adds_authenticated() {
        var t = issuer.issueUser("john", List.of("devs"), Duration.ofHours(1));
        assertThat(t.expirationTimestamp()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
        UserInfo u = authn.authenticate(t.token()).orElseThrow();
        assertThat(u.name()).isEqualTo("john");
        assertThat(u.groups()).containsExactly("devs", UserInfo.AUTHENTICATED);
    }

    @Test
    void expired_token_is_401() {
        var t = issuer.issueUser("john", List.of(), Duration.ofHours(1));
        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThatThrownBy(() -> authn.authenticate(t.token()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(401))
                .hasMessageContaining("expired");
    }

    @Test
    void tampered_token_is_401() {
        String[] p = issuer.issueUser("john", List.of(), Duration.ofHours(1)).token().split("\\.");
        String forged = issuer.issueUser("root", List.of(UserInfo.MASTERS), Duration.ofHours(1)).token().split("\\.")[1];
        assertThatThrownBy(() -> authn.authenticate(p[0] + "." + forged + "." + p[2]))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(401))
                .hasMessageContaining("invalid signature");
        // signed with another seed's key
        String other = new TokenIssuer(SettingsPort.inMemory(), clock).issueUser("john", List.of(), Duration.ofHours(1)).token();
        assertThatThrownBy(() -> authn.authenticate(other)).hasMessageContaining("invalid signature");
    }

    @Test
    void foreign_tokens_are_not_ours() {
        assertThat(authn.authenticate("abc")).isEmpty();
        assertThat(authn.authenticate("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isEmpty();   // a JWT without our kid
        assertThat(authn.authenticate("a.b.c")).isEmpty();
    }

    @Test
    void service_account_token_lives_as_long_as_the_account() {
        String t = issuer.issueServiceAccount("ci", "builder", "uid-1", Duration.ofHours(1)).token();
        UserInfo u = authn.authenticate(t).orElseThrow();
        assertThat(u.name()).isEqualTo("system:serviceaccount:ci:builder");
        assertThat(u.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ci", UserInfo.AUTHENTICATED);
        assertThat(u.uid()).isEqualTo("uid-1");

        serviceAccounts.put("ci/builder", "uid-2");   // deleted and re-created
        assertThatThrownBy(() -> authn.authenticate(t)).hasMessageContaining("re-created");
        serviceAccounts.remove("ci/builder");
        assertThatThrownBy(() -> authn.authenticate(t)).hasMessageContaining("deleted");
    }

    @Test
    void admin_token_is_stable_across_restarts_and_replicas() {
        String first = issuer.adminToken();
        TokenIssuer restarted = new TokenIssuer(settings, clock);
        assertThat(restarted.adminToken()).isEqualTo(first);
        clock.now = clock.now.plus(Duration.ofDays(3000));
        UserInfo admin = new TokenAuthenticator(restarted, (ns, n) -> Optional.empty()).authenticate(first).orElseThrow();
        assertThat(admin.name()).isEqualTo("canopy-admin");
        assertThat(admin.groups()).contains(UserInfo.MASTERS, UserInfo.AUTHENTICATED);
    }

    static final class MutableClock extends Clock {
        Instant now;
        MutableClock(Instant now) { this.now = now; }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
