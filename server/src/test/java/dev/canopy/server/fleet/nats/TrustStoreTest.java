package dev.canopy.server.fleet.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.backbone.Keys;
import dev.canopy.backbone.TrustChain;
import dev.canopy.store.Settings;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class TrustStoreTest {
    /** Settings with the database's semantics: first writer wins, compare-and-set replace. */
    static final class MemorySettings implements Settings {
        final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
        @Override public Optional<String> get(String key) { return Optional.ofNullable(map.get(key)); }
        @Override public String putIfAbsent(String key, String value) { map.putIfAbsent(key, value); return map.get(key); }
        @Override public boolean replace(String key, String expected, String value) { return map.replace(key, expected, value); }
    }

    final MemorySettings settings = new MemorySettings();

    @Test
    void twoReplicasShareOneChainAndKeepEachOthersRevocations() {
        TrustStore a = new TrustStore(settings, Clock.systemUTC());
        TrustStore b = new TrustStore(settings, Clock.systemUTC());
        TrustChain first = a.load();
        assertThat(b.load().operatorPublicKey()).isEqualTo(first.operatorPublicKey());
        assertThat(b.load().fleetAccountId()).isEqualTo(first.fleetAccountId());

        String u1 = Keys.publicKey(Keys.newUser()), u2 = Keys.publicKey(Keys.newUser());
        a.update(c -> c.revoke(u1));
        // b changes a chain it read before a's write: the compare-and-set retries on the newest one
        TrustChain stale = b.load();
        b.update(c -> c.revoke(u2));
        assertThat(a.load().revocations()).containsKeys(u1, u2);
        assertThat(stale.revocations()).containsKey(u1).doesNotContainKey(u2);
    }

    @Test
    void anUnchangedChainIsNotRewritten() {
        TrustStore a = new TrustStore(settings, Clock.systemUTC());
        TrustChain c = a.load();
        String before = settings.map.get(TrustStore.KEY);
        assertThat(a.update(x -> x).secrets()).isEqualTo(c.secrets());
        assertThat(settings.map.get(TrustStore.KEY)).isSameAs(before);
    }
}
