package dev.canopy.server.fleet.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.api.fleet.InterconnectRequest;
import dev.canopy.backbone.Inbound;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.TrustChain;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Signup;
import dev.canopy.backbone.protocol.SignupAnswer;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.server.fleet.nats.NatsBackbone;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.Settings;
import io.nats.client.Dispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaf-initiated registration on NATS, in order:
 * <ol>
 *   <li>{@link #onSignup}: a signup on {@code fleet.signup} (from a bootstrap user) is decided by
 *       {@link SignupRules}; a new one spends its token and files an InterconnectRequest (Pending); the
 *       answer goes to the sender's inbox;</li>
 *   <li>{@link #reconcile}: an operator's {@code spec.approved} is carried out by {@link ApprovalRules}:
 *       the Cluster is created (mode Agent, the request's labels), or the agent's key is revoked in the
 *       fleet account (stored, pushed; the server disconnects it);</li>
 *   <li>deleting an approved request revokes its key too, so a name can be reused but a key never returns.</li>
 * </ol>
 * Threading: signups run on virtual threads (never on the NATS dispatcher); approvals on one loop thread,
 * after InterconnectRequest events and every {@code period}. Every step is idempotent.
 */
public final class Registration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registration.class);
    public static final String REQUEST_ANNOTATION = "fleet.canopy.dev/interconnect-request";

    private final ResourceStore store;
    private final NatsBackbone nats;
    private final BootstrapTokens tokens;
    private final Codec codec;
    private final Clock clock;
    private final ExecutorService signups = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("fleet-registration").factory());
    private SharedInformer.Registration informer;
    private Dispatcher dispatcher;

    private Registration(ResourceStore store, NatsBackbone nats, BootstrapTokens tokens, Codec codec, Clock clock) {
        this.store = store;
        this.nats = nats;
        this.tokens = tokens;
        this.codec = codec;
        this.clock = clock;
    }

    public static Registration start(ResourceStore store, SharedInformers informers, Settings settings, NatsBackbone nats, Codec codec, Duration period, Clock clock) {
        Registration r = new Registration(store, nats, new BootstrapTokens(settings, clock), codec, clock);
        r.informer = informers.informer(FleetKinds.INTERCONNECT_REQUESTS).addHandler(new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { r.kick(); }
            @Override public void remove(ObjectNode o) { r.run(() -> r.removed(o)); }
        });
        r.loop.scheduleWithFixedDelay(() -> r.safely(r::reconcile), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        var conn = nats.seedConnection();
        r.dispatcher = conn.createDispatcher();
        // a queue group: with several seed replicas on one server, one of them answers each signup
        r.dispatcher.subscribe(Subjects.SIGNUP, "canopy-seed-signups", Inbound.handler(codec, Signup.class,
                (cluster, signup, raw) -> r.signups.execute(() -> r.onSignup(signup, raw)), refused -> { }));
        return r;
    }

    public BootstrapTokens tokens() { return tokens; }

    /** The current trust chain (for minting bootstrap users and trunk credentials). */
    public TrustChain chain() { return nats.chain(); }

    // ------------------------------------------------------------------ signups (virtual threads)

    void onSignup(Signup s, io.nats.client.Message raw) {
        if (!repliesToItsOwnInbox(s, raw.getReplyTo())) {
            LOG.warn("signup of {} dropped: its reply subject is not the inbox of its token's bootstrap user", s.name());
            return;
        }
        SignupAnswer answer;
        try {
            answer = answer(s, true);
        } catch (RuntimeException e) {
            LOG.warn("signup of {} failed", s.name(), e);
            answer = new SignupAnswer(SignupAnswer.Status.REFUSED, "the seed could not file the request: " + e.getMessage(), null);
        }
        if (answer.status() == SignupAnswer.Status.REFUSED) LOG.info("signup of {} refused: {}", s.name(), answer.reason());
        Inbound.reply(nats.seedConnection(), codec, raw, answer);
    }

    /** A token's bootstrap user may only read {@code _INBOX_signup_<id>.>}: an answer aimed elsewhere is not for it. */
    static boolean repliesToItsOwnInbox(Signup s, String replyTo) {
        try {
            String id = dev.canopy.backbone.BootstrapCredential.parse(s.token()).id();
            return replyTo != null && replyTo.startsWith(Subjects.bootstrapInboxPrefix(id) + ".");
        } catch (IllegalArgumentException e) {
            return replyTo != null;   // garbage tokens are answered (refused) on whatever inbox the sender could read
        }
    }

    private SignupAnswer answer(Signup s, boolean mayRetry) {
        BootstrapTokens.Verdict token = tokens.check(s.token());
        boolean validName = Subjects.isClusterName(s.name());
        JsonNode existing = validName ? store.get(ResourceKey.cluster(FleetKinds.INTERCONNECT_REQUESTS, s.name())).orElse(null) : null;
        boolean clusterExists = validName && store.get(ResourceKey.cluster(FleetKinds.CLUSTERS, s.name())).isPresent();
        return switch (SignupRules.decide(s, token, existing, clusterExists, clock.instant())) {
            case SignupRules.Decision.Refuse r -> refuse(r.reason());
            case SignupRules.Decision.Pending p -> new SignupAnswer(SignupAnswer.Status.PENDING, "waiting for an operator's approval", null);
            case SignupRules.Decision.Approved a -> {
                TrustChain chain = nats.chain();
                if (chain.revocations().containsKey(s.publicKey())) yield refuse("revoked: this agent's key may not connect again");
                yield new SignupAnswer(SignupAnswer.Status.APPROVED, null, chain.agentJwt(s.name(), s.publicKey()));
            }
            case SignupRules.Decision.File f -> {
                if (!tokens.spend(f.tokenId(), s.name() + "/" + s.publicKey())) yield refuse("bootstrap token already used");
                try {
                    store.create(ResourceKey.cluster(FleetKinds.INTERCONNECT_REQUESTS, s.name()), request(s, f.tokenId()));
                    LOG.info("interconnect request {} filed (key {})", s.name(), s.publicKey());
                    yield new SignupAnswer(SignupAnswer.Status.PENDING, "filed; waiting for an operator's approval", null);
                } catch (ApiException e) {
                    if (e.code() == 409 && mayRetry) yield answer(s, false);
                    throw e;
                }
            }
        };
    }

    private static SignupAnswer refuse(String reason) { return new SignupAnswer(SignupAnswer.Status.REFUSED, reason, null); }

    private ObjectNode request(Signup s, String tokenId) {
        ObjectNode o = Json.object();
        o.put("apiVersion", FleetKinds.GROUP + "/" + FleetKinds.VERSION).put("kind", "InterconnectRequest");
        o.putObject("metadata").put("name", s.name());
        ObjectNode spec = o.putObject("spec").put("publicKey", s.publicKey());
        ObjectNode labels = spec.putObject("labels");
        s.labels().forEach(labels::put);
        if (s.facts() != null) {
            ObjectNode f = spec.putObject("facts").put("kubernetesVersion", s.facts().kubernetesVersion()).put("nodeCount", s.facts().nodeCount());
            if (s.facts().driver() != null) f.put("driver", s.facts().driver());
        }
        status(o, InterconnectRequest.PENDING, "waiting for an operator: canopy cluster approve " + s.name()).put("tokenId", tokenId);
        return o;
    }

    private ObjectNode status(ObjectNode o, String phase, String reason) {
        ObjectNode st = o.putObject("status");
        st.put("phase", phase).put("reason", reason);
        st.put("lastTransitionTime", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return st;
    }

    // ------------------------------------------------------------------ approvals (loop thread)

    void kick() { run(this::reconcile); }

    void reconcile() {
        for (ObjectNode r : store.list(ListOptions.all(FleetKinds.INTERCONNECT_REQUESTS)).items()) {
            if (Objects.deleting(r)) continue;
            try {
                step(r);
            } catch (RuntimeException e) {
                LOG.warn("interconnect request {}: {}", Objects.name(r), e.toString());
            }
        }
    }

    private void step(ObjectNode r) {
        String name = Objects.name(r);
        String key = r.path("spec").path("publicKey").asText();
        switch (ApprovalRules.next(r)) {
            case NONE -> { }
            case MARK_PENDING -> writeStatus(r, InterconnectRequest.PENDING, "waiting for an operator: canopy cluster approve " + name);
            case APPROVE -> {
                ensureCluster(name, r.path("spec").path("labels"));
                writeStatus(r, InterconnectRequest.APPROVED, "approved; the agent connects with its own user JWT");
                LOG.info("interconnect request {} approved", name);
            }
            case REFUSE -> writeStatus(r, InterconnectRequest.REFUSED, "refused by an operator");
            case REVOKE -> {
                nats.revoke(key);
                writeStatus(r, InterconnectRequest.REVOKED, "revoked by an operator; the agent's key may not connect again");
                LOG.info("interconnect request {} revoked (key {})", name, key);
            }
        }
    }

    private void removed(ObjectNode r) {
        if (InterconnectRequest.APPROVED.equals(r.path("status").path("phase").asText())) {
            nats.revoke(r.path("spec").path("publicKey").asText());
            LOG.info("interconnect request {} deleted: its key is revoked", Objects.name(r));
        }
    }

    private void ensureCluster(String name, JsonNode labels) {
        ResourceKey key = ResourceKey.cluster(FleetKinds.CLUSTERS, name);
        ObjectNode current = store.get(key).orElse(null);
        if (current == null) {
            ObjectNode c = Json.object();
            c.put("apiVersion", FleetKinds.GROUP + "/" + FleetKinds.VERSION).put("kind", "Cluster");
            ObjectNode md = c.putObject("metadata").put("name", name);
            if (labels.isObject() && labels.size() > 0) md.set("labels", labels.deepCopy());
            md.putObject("annotations").put(REQUEST_ANNOTATION, name);
            c.putObject("spec").putObject("connection").put("mode", "Agent").put("direction", "LeafDials");
            try {
                store.create(key, c);
            } catch (ApiException e) {
                if (e.code() != 409) throw e;
            }
            return;
        }
        ObjectNode copy = current.deepCopy();
        ObjectNode md = Objects.metadata(copy);
        labels.fields().forEachRemaining(e -> md.withObject("labels").set(e.getKey(), e.getValue()));
        md.withObject("annotations").put(REQUEST_ANNOTATION, name);
        copy.withObject("spec").withObject("connection").put("mode", "Agent");
        if (!copy.equals(current)) store.update(key, copy, new ResourceStore.UpdateOptions(ResourceStore.Subresource.MAIN, true));
    }

    private void writeStatus(ObjectNode r, String phase, String reason) {
        ObjectNode copy = r.deepCopy();
        String tokenId = r.path("status").path("tokenId").asText(null);
        ObjectNode st = status(copy, phase, reason);
        if (tokenId != null) st.put("tokenId", tokenId);
        Objects.metadata(copy).remove("resourceVersion");   // the status subresource only: no conflict with spec edits
        store.update(ResourceKey.cluster(FleetKinds.INTERCONNECT_REQUESTS, Objects.name(r)), copy,
                new ResourceStore.UpdateOptions(ResourceStore.Subresource.STATUS, true));
    }

    private void run(Runnable r) {
        try {
            loop.execute(() -> safely(r));
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("fleet registration pass failed; retrying", e);
        }
    }

    @Override
    public void close() {
        if (dispatcher != null) nats.seedConnection().closeDispatcher(dispatcher);
        if (informer != null) informer.close();
        loop.shutdownNow();
        signups.shutdownNow();
    }
}
