package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import io.nats.client.support.Encoding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustChainTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    final TrustChain chain = TrustChain.create("canopy", Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void operatorIsSelfSignedAndNamesTheSystemAccount() {
        Jwts.Decoded op = Jwts.decode(chain.operatorJwt());
        assertThat(op.header().path("typ").asText()).isEqualTo("JWT");
        assertThat(op.header().path("alg").asText()).isEqualTo("ed25519-nkey");
        assertThat(op.issuer()).isEqualTo(op.subject()).isEqualTo(chain.operatorPublicKey()).startsWith("O");
        assertThat(op.claims().path("name").asText()).isEqualTo("canopy");
        assertThat(op.issuedAt()).isEqualTo(T0.getEpochSecond());
        assertThat(op.nats().path("type").asText()).isEqualTo("operator");
        assertThat(op.nats().path("version").asInt()).isEqualTo(2);
        assertThat(op.nats().path("system_account").asText()).isEqualTo(chain.systemAccountId());
        assertThat(Jwts.verify(chain.operatorJwt())).isTrue();
    }

    @Test
    void accountsAreSignedByTheOperatorWithUnlimitedCoreLimits() {
        for (String jwt : chain.accountJwts().values()) {
            Jwts.Decoded acc = Jwts.decode(jwt);
            assertThat(acc.issuer()).isEqualTo(chain.operatorPublicKey());
            assertThat(acc.subject()).startsWith("A");
            assertThat(acc.nats().path("type").asText()).isEqualTo("account");
            assertThat(acc.nats().path("version").asInt()).isEqualTo(2);
            assertThat(acc.nats().path("limits").path("conn").asLong()).isEqualTo(-1);
            assertThat(acc.nats().path("limits").path("subs").asLong()).isEqualTo(-1);
            assertThat(acc.nats().path("limits").path("leaf").asLong()).isEqualTo(-1);
            assertThat(Jwts.verify(jwt)).isTrue();
        }
        assertThat(chain.accountJwts()).containsOnlyKeys(chain.systemAccountId(), chain.fleetAccountId());
        Jwts.Decoded fleet = Jwts.decode(chain.fleetAccountJwt());
        assertThat(fleet.nats().path("signing_keys")).hasSize(1);
    }

    @Test
    void jtiIsTheBase32Sha256OfTheClaimsWithoutIt() throws Exception {
        Jwts.Decoded d = Jwts.decode(chain.agentJwt("c1", Keys.publicKey(Keys.newUser())));
        ObjectNode claims = d.claims().deepCopy();
        String jti = claims.path("jti").asText();
        claims.put("jti", "");
        // jnats hashes its own rendering of the claims with an empty jti; the same fields in the same order
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsString(claims).getBytes(StandardCharsets.UTF_8));
        assertThat(jti).isEqualTo(new String(Encoding.base32Encode(sha)));
    }

    @Test
    void agentMayOnlyUseItsOwnSubjectsAndInbox() {
        String key = Keys.publicKey(Keys.newUser());
        Jwts.Decoded u = Jwts.decode(chain.agentJwt("c1", key));
        assertThat(u.subject()).isEqualTo(key);
        assertThat(u.claims().path("name").asText()).isEqualTo("agent-c1");
        assertThat(u.nats().path("type").asText()).isEqualTo("user");
        assertThat(u.nats().path("issuer_account").asText()).isEqualTo(chain.fleetAccountId());
        assertThat(u.issuer()).isEqualTo(Jwts.decode(chain.fleetAccountJwt()).nats().path("signing_keys").get(0).asText());
        assertThat(strings(u.nats().path("pub").path("allow"))).containsExactly("fleet.c1.status");
        assertThat(strings(u.nats().path("sub").path("allow"))).containsExactly("fleet.c1.desired", "fleet.c1.rpc", "_INBOX_c1.>");
        assertThat(u.nats().path("resp").path("max").asInt()).isEqualTo(1);
        assertThat(u.nats().path("resp").path("ttl").asLong()).isEqualTo(TrustChain.RESPONSE_TTL.toNanos());
        assertThat(strings(u.nats().path("tags"))).contains("cluster:c1");
        assertThat(u.claims().has("exp")).isFalse();
        assertThat(Jwts.verify(chain.agentJwt("c1", key))).isTrue();
    }

    @Test
    void seedAndBootstrapPermissions() {
        Jwts.Decoded seed = Jwts.decode(chain.seedUser("seed").jwt());
        assertThat(strings(seed.nats().path("pub").path("allow"))).containsExactly("fleet.>", "_INBOX.>");
        assertThat(strings(seed.nats().path("sub").path("allow"))).containsExactly("fleet.>", "_INBOX.>");
        assertThat(seed.nats().has("resp")).isTrue();

        Jwts.Decoded boot = Jwts.decode(chain.bootstrapUser("tok1", Duration.ofHours(1)).jwt());
        assertThat(strings(boot.nats().path("pub").path("allow"))).containsExactly("fleet.signup");
        assertThat(strings(boot.nats().path("sub").path("allow"))).containsExactly("_INBOX_signup_tok1.>");
        assertThat(boot.nats().has("resp")).isFalse();
        assertThat(boot.claims().path("exp").asLong()).isEqualTo(T0.getEpochSecond() + 3600);

        Jwts.Decoded sys = Jwts.decode(chain.systemUser().jwt());
        assertThat(sys.issuer()).isEqualTo(chain.systemAccountId());
        assertThat(sys.nats().has("issuer_account")).isFalse();
    }

    @Test
    void refusesBadNamesAndKeys() {
        assertThatThrownBy(() -> chain.agentCreds("c1.>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain.agentCreds("C1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain.agentCreds("signup")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain.agentJwt("c1", "not-a-key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain.agentJwt("c1", chain.fleetAccountId())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain.bootstrapUser("a.b", Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revocationReissuesTheFleetAccountWithANewerIssueTime() {
        Creds c1 = chain.agentCreds("c1");
        TrustChain revoked = chain.revoke(c1.publicKey());
        Jwts.Decoded acc = Jwts.decode(revoked.fleetAccountJwt());
        assertThat(acc.nats().path("revocations").path(c1.publicKey()).asLong()).isEqualTo(T0.getEpochSecond());
        assertThat(acc.issuedAt()).isGreaterThan(Jwts.decode(chain.fleetAccountJwt()).issuedAt());
        assertThat(acc.subject()).isEqualTo(chain.fleetAccountId());
        assertThat(revoked.isRevoked(c1.publicKey(), T0.getEpochSecond())).isTrue();
        assertThat(revoked.isRevoked(c1.publicKey(), T0.getEpochSecond() + 1)).isFalse();
        assertThat(chain.revocations()).isEmpty();

        TrustChain back = revoked.unrevoke(c1.publicKey());
        assertThat(Jwts.decode(back.fleetAccountJwt()).nats().has("revocations")).isFalse();
        assertThat(back.unrevoke(c1.publicKey())).isSameAs(back);
    }

    @Test
    void secretsSurviveJsonAndRebuildTheSameChain() throws Exception {
        TrustChain revoked = chain.revoke(Keys.publicKey(Keys.newUser()));
        String json = Json.MAPPER.writeValueAsString(revoked.secrets());
        BackboneSecrets back = Json.MAPPER.readValue(json, BackboneSecrets.class);
        assertThat(back).isEqualTo(revoked.secrets());
        TrustChain again = TrustChain.of(back, Clock.systemUTC());
        assertThat(again.fleetAccountId()).isEqualTo(chain.fleetAccountId());
        assertThat(again.operatorPublicKey()).isEqualTo(chain.operatorPublicKey());
        assertThat(Jwts.decode(again.agentJwt("c9", Keys.publicKey(Keys.newUser()))).issuer())
                .isEqualTo(Jwts.decode(chain.agentJwt("c9", Keys.publicKey(Keys.newUser()))).issuer());
        assertThat(back.toString()).doesNotContain(back.operatorSeed());
    }

    @Test
    void tamperedJwtDoesNotVerify() {
        String jwt = chain.agentJwt("c1", Keys.publicKey(Keys.newUser()));
        String[] p = jwt.split("\\.");
        String forged = p[0] + "." + p[1].replace("YzE", "YzI") + "." + p[2];
        assertThat(forged).isNotEqualTo(jwt);
        assertThat(Jwts.verify(forged)).isFalse();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
