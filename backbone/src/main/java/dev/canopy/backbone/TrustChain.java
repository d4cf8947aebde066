package dev.canopy.backbone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import io.nats.client.support.JwtUtils.Permission;
import io.nats.client.support.JwtUtils.ResponsePermission;
import io.nats.client.support.JwtUtils.UserClaim;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backbone's NATS operator-mode trust chain, minted in Java: a self-signed operator, the system
 * account, and one fleet account whose users are signed by a dedicated signing key (so the account
 * identity key never signs users). Users:
 * <ul>
 *   <li>the seed: pub/sub {@code fleet.>} and {@code _INBOX.>}, may answer requests ({@code resp});</li>
 *   <li>one per agent, inside {@code fleet.<cluster>.>} only: pub {@code fleet.<cluster>.status}; sub
 *       {@code fleet.<cluster>.desired}, {@code fleet.<cluster>.rpc} and {@code _INBOX_<cluster>.>}; may
 *       answer the seed's requests ({@code resp}). Publish and subscribe sets are disjoint on purpose: an
 *       agent that could receive its own message could pick its reply subject (say
 *       {@code fleet.c2.status}) and {@code resp} would then let it publish there once (shown on
 *       nats-server 2.9.10 by {@code IsolationIT});</li>
 *   <li>bootstrap (signup): pub {@code fleet.signup} only, sub only its own {@code _INBOX_signup_<id>.>}
 *       for the reply (signups are request/reply), with an expiry;</li>
 *   <li>trunk relays (leafnode links) and the seed's system-account user (claim updates).</li>
 * </ul>
 * Immutable and thread-safe: {@link #revoke} and {@link #unrevoke} return a new chain with a re-issued
 * fleet account JWT; persist {@link #secrets()} and push {@link #fleetAccountJwt()} to the servers
 * ({@link AccountPusher}). Minting users is side-effect free and may be repeated (each call signs a new JWT).
 */
public final class TrustChain {
    /** How long an agent may keep an RPC reply subject open ({@code resp.ttl}). */
    public static final Duration RESPONSE_TTL = Duration.ofMinutes(1);

    private final BackboneSecrets secrets;
    private final Clock clock;
    private final NKey operator;
    private final NKey fleetSigning;
    private final String systemAccountId;
    private final String fleetAccountId;

    private TrustChain(BackboneSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
        this.operator = Keys.fromSeed(secrets.operatorSeed());
        this.fleetSigning = Keys.fromSeed(secrets.fleetSigningSeed());
        this.systemAccountId = Keys.publicKey(Keys.fromSeed(secrets.systemAccountSeed()));
        this.fleetAccountId = Keys.publicKey(Keys.fromSeed(secrets.fleetAccountSeed()));
    }

    /** Mints a fresh operator, system account and fleet account. */
    public static TrustChain create(String operatorName, Clock clock) {
        NKey op = Keys.newOperator();
        NKey sys = Keys.newAccount();
        NKey fleet = Keys.newAccount();
        NKey signing = Keys.newAccount();
        long now = clock.instant().getEpochSecond();
        String sysId = Keys.publicKey(sys);
        String opJwt = Jwts.sign(op, Keys.publicKey(op), operatorName, now, null, operatorClaims(sysId));
        String sysJwt = Jwts.sign(op, sysId, "SYS", now, null, accountClaims(null, Map.of()));
        String fleetJwt = Jwts.sign(op, Keys.publicKey(fleet), "FLEET", now, null,
                accountClaims(Keys.publicKey(signing), Map.of()));
        return new TrustChain(new BackboneSecrets(operatorName, Keys.seed(op), opJwt, Keys.seed(sys), sysJwt,
                Keys.seed(fleet), Keys.seed(signing), fleetJwt, Map.of()), clock);
    }

    /** Reloads a chain persisted earlier. */
    public static TrustChain of(BackboneSecrets secrets, Clock clock) { return new TrustChain(secrets, clock); }

    public BackboneSecrets secrets() { return secrets; }
    public String operatorJwt() { return secrets.operatorJwt(); }
    public String operatorPublicKey() { return Keys.publicKey(operator); }
    public String systemAccountId() { return systemAccountId; }
    public String systemAccountJwt() { return secrets.systemAccountJwt(); }
    public String fleetAccountId() { return fleetAccountId; }
    public String fleetAccountJwt() { return secrets.fleetAccountJwt(); }
    public Map<String, Long> revocations() { return secrets.revocations(); }

    /** The accounts a server must know ({@code resolver_preload}): system and fleet, id to JWT. */
    public Map<String, String> accountJwts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(systemAccountId, secrets.systemAccountJwt());
        m.put(fleetAccountId, secrets.fleetAccountJwt());
        return m;
    }

    /** The seed's own user in the fleet account (a new nkey per call). */
    public Creds seedUser(String name) {
        NKey user = Keys.newUser();
        UserClaim claim = new UserClaim(fleetAccountId)
                .pub(new Permission().allow(Subjects.FLEET_ALL, Subjects.SEED_INBOX_ALL))
                .sub(new Permission().allow(Subjects.FLEET_ALL, Subjects.SEED_INBOX_ALL))
                .resp(response())
                .tags("role:seed");
        return new Creds(userJwt(Keys.publicKey(user), name, null, claim), Keys.seed(user));
    }

    /**
     * The user JWT of the agent of {@code cluster} for a public nkey the agent generated itself (leaf
     * initiated registration: the private key never leaves the leaf).
     */
    public String agentJwt(String cluster, String agentPublicKey) {
        Subjects.cluster(cluster);
        if (!Keys.isUserPublicKey(agentPublicKey)) throw new IllegalArgumentException("not a public user nkey: " + agentPublicKey);
        UserClaim claim = new UserClaim(fleetAccountId)
                .pub(new Permission().allow(Subjects.agentPublish(cluster)))
                .sub(new Permission().allow(Subjects.agentSubscribe(cluster)))
                .resp(response())
                .tags("role:agent", "cluster:" + cluster);
        return userJwt(agentPublicKey, "agent-" + cluster, null, claim);
    }

    /** Credentials for a hosted agent (the seed runs it and holds its nkey). */
    public Creds agentCreds(String cluster) {
        NKey user = Keys.newUser();
        return new Creds(agentJwt(cluster, Keys.publicKey(user)), Keys.seed(user));
    }

    /**
     * A bootstrap (signup) user: may publish only to {@code fleet.signup} and subscribe only to its own
     * inbox {@code _INBOX_signup_<bootstrapId>.>} for the seed's answer; expires after {@code ttl}.
     */
    public Creds bootstrapUser(String bootstrapId, Duration ttl) {
        NKey user = Keys.newUser();
        UserClaim claim = new UserClaim(fleetAccountId)
                .pub(new Permission().allow(Subjects.SIGNUP))
                .sub(new Permission().allow(Subjects.bootstrapInboxPrefix(bootstrapId) + ".>"))
                .tags("role:bootstrap", "bootstrap:" + bootstrapId);
        return new Creds(userJwt(Keys.publicKey(user), "bootstrap-" + bootstrapId, ttl, claim), Keys.seed(user));
    }

    /** A trunk relay's leafnode user: carries the whole fleet account across the link. */
    public Creds trunkUser(String trunkName) {
        NKey user = Keys.newUser();
        UserClaim claim = new UserClaim(fleetAccountId).tags("role:trunk", "trunk:" + Subjects.token(trunkName));
        return new Creds(userJwt(Keys.publicKey(user), "trunk-" + trunkName, null, claim), Keys.seed(user));
    }

    /** A system-account user for the seed ({@code $SYS.REQ.CLAIMS.UPDATE}, server events). Signed by the system account key. */
    public Creds systemUser() {
        NKey user = Keys.newUser();
        NKey sys = Keys.fromSeed(secrets.systemAccountSeed());
        UserClaim claim = new UserClaim(systemAccountId).tags("role:system");
        claim.issuerAccount = null;
        try {
            String jwt = JwtUtils.issueJWT(sys, Keys.publicKey(user), "canopy-system", null, now(), systemAccountId, claim);
            return new Creds(jwt, Keys.seed(user));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign system user", e);
        }
    }

    /**
     * A chain whose fleet account revokes every JWT of {@code userPublicKey} issued at or before now.
     * Idempotent up to the revocation time (a later call moves it forward).
     */
    public TrustChain revoke(String userPublicKey) {
        if (!Keys.isUserPublicKey(userPublicKey)) throw new IllegalArgumentException("not a public user nkey: " + userPublicKey);
        Map<String, Long> r = new TreeMap<>(secrets.revocations());
        r.put(userPublicKey, now());
        return withRevocations(r);
    }

    /** A chain without a revocation of {@code userPublicKey} (idempotent). */
    public TrustChain unrevoke(String userPublicKey) {
        Map<String, Long> r = new TreeMap<>(secrets.revocations());
        if (r.remove(userPublicKey) == null) return this;
        return withRevocations(r);
    }

    /** True when a user JWT issued at {@code issuedAt} for this key is revoked. */
    public boolean isRevoked(String userPublicKey, long issuedAt) {
        Long at = secrets.revocations().get(userPublicKey);
        return at != null && issuedAt <= at;
    }

    private TrustChain withRevocations(Map<String, Long> revocations) {
        // iat must grow so that servers (and the full resolver's store) take the new JWT as newer
        long iat = Math.max(now(), Jwts.decode(secrets.fleetAccountJwt()).issuedAt() + 1);
        String jwt = Jwts.sign(operator, fleetAccountId, "FLEET", iat, null,
                accountClaims(Keys.publicKey(fleetSigning), revocations));
        BackboneSecrets s = secrets;
        return new TrustChain(new BackboneSecrets(s.operatorName(), s.operatorSeed(), s.operatorJwt(),
                s.systemAccountSeed(), s.systemAccountJwt(), s.fleetAccountSeed(), s.fleetSigningSeed(), jwt,
                revocations), clock);
    }

    private String userJwt(String userPublicKey, String name, Duration ttl, UserClaim claim) {
        try {
            return JwtUtils.issueUserJWT(fleetSigning, userPublicKey, name, ttl, now(), claim);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign user JWT for " + name, e);
        }
    }

    private static ResponsePermission response() {
        return new ResponsePermission().maxMsgs(1).expires(RESPONSE_TTL);
    }

    private long now() { return clock.instant().getEpochSecond(); }

    static ObjectNode operatorClaims(String systemAccountId) {
        ObjectNode n = Json.object();
        n.put("system_account", systemAccountId);
        n.put("type", "operator");
        n.put("version", 2);
        return n;
    }

    /** Account claims with unlimited core NATS limits (zero would mean "none allowed") and no JetStream. */
    static ObjectNode accountClaims(String signingKey, Map<String, Long> revocations) {
        ObjectNode n = Json.object();
        ObjectNode limits = n.putObject("limits");
        for (String f : new String[] {"subs", "data", "payload", "imports", "exports", "conn", "leaf"}) limits.put(f, -1);
        limits.put("wildcards", true);
        if (signingKey != null) n.putArray("signing_keys").add(signingKey);
        if (!revocations.isEmpty()) {
            ObjectNode r = n.putObject("revocations");
            new TreeMap<>(revocations).forEach(r::put);
        }
        ObjectNode perms = n.putObject("default_permissions");
        perms.putObject("pub");
        perms.putObject("sub");
        n.put("type", "account");
        n.put("version", 2);
        return n;
    }
}
