package dev.canopy.server.fleet.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.Keys;
import dev.canopy.backbone.protocol.Signup;
import dev.canopy.server.fleet.registration.BootstrapTokens.Verdict;
import dev.canopy.server.fleet.registration.SignupRules.Decision;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignupRulesTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final String KEY = Keys.publicKey(Keys.newUser());
    static final Verdict FRESH = new Verdict.Valid("t1", NOW.plusSeconds(60), null);

    static Signup signup(String name, String key) { return new Signup(name, key, Map.of(), "cbt1.x", null); }

    static ObjectNode request(String key, String phase) {
        ObjectNode o = Json.object();
        o.putObject("spec").put("publicKey", key);
        if (phase != null) o.putObject("status").put("phase", phase);
        return o;
    }

    record Case(String why, Signup s, Verdict token, ObjectNode existing, boolean clusterExists, Decision expected) {}

    @Test
    void decisions() {
        String other = Keys.publicKey(Keys.newUser());
        var cases = new Case[] {
                new Case("new signup is filed", signup("prod-1", KEY), FRESH, null, false, new Decision.File("t1")),
                new Case("bad name", signup("Prod_1", KEY), FRESH, null, false, new Decision.Refuse("invalid cluster name \"Prod_1\": must be a DNS-1123 label (lowercase alphanumerics and '-', at most 63)")),
                new Case("bad key", signup("prod-1", "UNOPE"), FRESH, null, false, new Decision.Refuse("bad public key: not a public user nkey (U…)")),
                new Case("unknown token", signup("prod-1", KEY), new Verdict.Unknown("unknown bootstrap token (not issued by this seed)"), null, false,
                        new Decision.Refuse("unknown bootstrap token (not issued by this seed)")),
                new Case("spent token", signup("prod-1", KEY), new Verdict.Valid("t1", NOW.plusSeconds(60), "x/U"), null, false, new Decision.Refuse("bootstrap token already used")),
                new Case("expired token", signup("prod-1", KEY), new Verdict.Valid("t1", NOW.minusSeconds(1), null), null, false,
                        new Decision.Refuse("bootstrap token expired at " + NOW.minusSeconds(1))),
                new Case("name of an existing Cluster", signup("prod-1", KEY), FRESH, null, true, new Decision.Refuse("duplicate cluster name: a Cluster named \"prod-1\" exists")),
                new Case("name requested by another key", signup("prod-1", KEY), FRESH, request(other, "Pending"), false,
                        new Decision.Refuse("duplicate cluster name: \"prod-1\" is already requested by another agent (another key)")),
                new Case("asking again while pending (token spent by itself)", signup("prod-1", KEY), new Verdict.Valid("t1", NOW.minusSeconds(10), "prod-1/" + KEY),
                        request(KEY, "Pending"), false, new Decision.Pending()),
                new Case("approved: sign (its Cluster exists by then)", signup("prod-1", KEY), FRESH, request(KEY, "Approved"), true, new Decision.Approved()),
                new Case("refused", signup("prod-1", KEY), FRESH, request(KEY, "Refused"), false, new Decision.Refuse("refused by an operator")),
                new Case("revoked", signup("prod-1", KEY), FRESH, request(KEY, "Revoked"), true, new Decision.Refuse("revoked: this agent's key may not connect again")),
        };
        for (Case c : cases) {
            assertThat(SignupRules.decide(c.s(), c.token(), c.existing(), c.clusterExists(), NOW)).as(c.why()).isEqualTo(c.expected());
        }
    }
}
