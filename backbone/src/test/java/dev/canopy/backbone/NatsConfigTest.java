package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class NatsConfigTest {
    final TrustChain chain = TrustChain.create("canopy", Clock.systemUTC());

    @Test
    void memoryResolverPreloadsBothAccounts() {
        String conf = NatsConfig.seed(4222).withMaxPayload(65536).render(chain);
        assertThat(conf).contains("listen: \"127.0.0.1:4222\"\n")
                .contains("max_payload: 65536\n")
                .contains("operator: \"" + chain.operatorJwt() + "\"\n")
                .contains("system_account: " + chain.systemAccountId() + "\n")
                .contains("resolver: MEMORY\n")
                .contains("  " + chain.systemAccountId() + ": \"" + chain.systemAccountJwt() + "\"\n")
                .contains("  " + chain.fleetAccountId() + ": \"" + chain.fleetAccountJwt() + "\"\n")
                .doesNotContain("leafnodes")
                .doesNotContain(chain.secrets().operatorSeed());
    }

    @Test
    void fullResolverAndLeafnodeListen() {
        String conf = NatsConfig.seed(4222).withFullResolver(Path.of("/var/lib/canopy/jwt")).withLeafPort(7422).render(chain);
        assertThat(conf).contains("resolver: {\n  type: full\n  dir: \"/var/lib/canopy/jwt\"\n")
                .contains("resolver_preload: {")
                .contains("leafnodes {\n  listen: \"127.0.0.1:7422\"\n}\n");
    }

    @Test
    void trunkDialsTheSeedByDefault() {
        String conf = NatsConfig.trunkConfig(chain, "trunk-eu", 4222, "nats-leaf://seed.example:7422",
                Path.of("/etc/canopy/trunk.creds"), false, 7422);
        assertThat(conf).contains("server_name: \"trunk-eu\"")
                .contains("listen: \"0.0.0.0:4222\"")
                .contains("operator: \"" + chain.operatorJwt() + "\"")
                .contains("remotes: [\n    {\n      url: \"nats-leaf://seed.example:7422\"\n"
                        + "      credentials: \"/etc/canopy/trunk.creds\"\n      account: " + chain.fleetAccountId() + "\n    }\n  ]")
                .doesNotContain("hub: true");
    }

    @Test
    void seedDialsLeafWithHubTrue() {
        String trunk = NatsConfig.trunkConfig(chain, "trunk-eu", 4222, null, null, true, 7422);
        assertThat(trunk).contains("leafnodes {\n  listen: \"0.0.0.0:7422\"\n}").doesNotContain("remotes");
        String seed = NatsConfig.seed(4222).withRemote(new NatsConfig.LeafRemote("nats-leaf://trunk-eu:7422",
                Path.of("/etc/canopy/seed-link.creds"), chain.fleetAccountId(), true)).render(chain);
        assertThat(seed).contains("url: \"nats-leaf://trunk-eu:7422\"").contains("      hub: true\n");
    }

    @Test
    void aTrunkFollowingAccountUpdatesLinksItsSystemAccountAndCachesAccounts() {
        String conf = NatsConfig.trunkConfig(chain, "trunk-eu", 4222, "nats-leaf://seed.example:7422", Path.of("/etc/canopy/trunk.creds"),
                Path.of("/etc/canopy/trunk-system.creds"), Path.of("/var/lib/canopy/jwt"), false, 0);
        assertThat(conf).contains("resolver: {\n  type: cache\n  dir: \"/var/lib/canopy/jwt\"\n  ttl: \"1h\"\n}")
                .contains("credentials: \"/etc/canopy/trunk.creds\"\n      account: " + chain.fleetAccountId())
                .contains("credentials: \"/etc/canopy/trunk-system.creds\"\n      account: " + chain.systemAccountId());
        String remotes = NatsConfig.remotesBlock(NatsConfig.seedRemotes(chain, "nats-leaf://trunk-eu:7422",
                Path.of("/a.creds"), Path.of("/b.creds")));
        assertThat(remotes).startsWith("leafnodes {\n  remotes: [").doesNotContain("listen")
                .contains("account: " + chain.systemAccountId() + "\n      hub: true");
    }

    @Test
    void quotesConfigStrings() {
        assertThat(NatsConfig.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
