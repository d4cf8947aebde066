package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.agent.Agent;
import dev.canopy.agent.KubernetesDriver;
import dev.canopy.agent.transport.InProcessBus;
import dev.canopy.api.Objects;
import dev.canopy.api.fleet.FleetKinds;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosted clusters: for every Cluster with {@code spec.connection.mode: Hosted}, reads the kubeconfig from
 * the Secret named by {@code kubeconfigSecretRef} (key {@code kubeconfig}), checks that the cluster answers,
 * and runs its {@link Agent} in-process with a {@link KubernetesDriver} on the {@link InProcessBus}. A missing
 * Secret, a bad kubeconfig or an unreachable cluster is handed to the hub as a connection problem (shown as
 * {@code Connected=False, reason KubeconfigProblem} with the error) and retried. A changed Secret restarts
 * the agent. Idempotent passes on one thread, after Cluster/Secret events and every two heartbeat intervals.
 */
final class HostedAgents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostedAgents.class);
    static final String SECRETS = "core/secrets";

    private record Running(String fingerprint, Agent agent, KubernetesClient client) {}

    private final ResourceStore store;
    private final InProcessBus bus;
    private final FleetHub hub;
    private final Duration heartbeat;
    private final Clock clock;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("hosted-agents").factory());
    private final SharedInformers informers;
    private final List<SharedInformer.Registration> subscriptions = new ArrayList<>();
    /** Loop thread only. */
    private final Map<String, Running> running = new HashMap<>();

    HostedAgents(ResourceStore store, SharedInformers informers, InProcessBus bus, FleetHub hub, Duration heartbeat, Clock clock) {
        this.store = store;
        this.informers = informers;
        this.bus = bus;
        this.hub = hub;
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    HostedAgents start() {
        SharedInformer.Handler kick = new SharedInformer.Handler() {
            @Override public void upsert(ObjectNode o) { kick(); }
            @Override public void remove(ObjectNode o) { kick(); }
        };
        for (String r : List.of(FleetKinds.CLUSTERS, SECRETS)) subscriptions.add(informers.informer(r).addHandler(kick));
        long period = heartbeat.toMillis() * 2;
        loop.scheduleWithFixedDelay(this::pass, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    private void kick() {
        try {
            loop.execute(this::pass);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing
        }
    }

    private void pass() {
        try {
            Set<String> hosted = new HashSet<>();
            for (ObjectNode c : store.list(ListOptions.all(FleetKinds.CLUSTERS)).items()) {
                JsonNode conn = c.path("spec").path("connection");
                if (!"Hosted".equals(conn.path("mode").asText()) || Objects.deleting(c)) continue;
                String name = Objects.name(c);
                hosted.add(name);
                reconcile(name, conn.path("kubeconfigSecretRef"));
            }
            for (String name : new ArrayList<>(running.keySet())) if (!hosted.contains(name)) stop(name);
        } catch (RuntimeException e) {
            LOG.warn("hosted agents pass failed; retrying", e);
        }
    }

    private void reconcile(String cluster, JsonNode ref) {
        String ns = ref.path("namespace").asText("default");
        String secretName = ref.path("name").asText("");
        String where = "Secret " + ns + "/" + secretName;
        ObjectNode secret = secretName.isEmpty() ? null : store.get(new ResourceKey(SECRETS, ns, secretName)).orElse(null);
        if (secret == null) {
            stop(cluster);
            hub.connectionProblem(cluster, where + " not found");
            return;
        }
        String fingerprint = Objects.uid(secret) + "/" + Objects.resourceVersion(secret);
        Running r = running.get(cluster);
        if (r != null && r.fingerprint().equals(fingerprint)) return;
        stop(cluster);
        String b64 = secret.path("data").path("kubeconfig").asText("");
        if (b64.isEmpty()) {
            hub.connectionProblem(cluster, where + " has no key \"kubeconfig\"");
            return;
        }
        KubernetesClient client = null;
        try {
            String text = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
            Config cfg = Config.fromKubeconfig(null, text, null);
            cfg.setRequestRetryBackoffLimit(0);
            cfg.setConnectionTimeout(5_000);
            cfg.setRequestTimeout(10_000);
            client = new KubernetesClientBuilder().withConfig(cfg).build();
            client.namespaces().list();   // reachable and allowed, or an error the admin can act on
        } catch (RuntimeException e) {
            if (client != null) client.close();
            hub.connectionProblem(cluster, "kubeconfig in " + where + " cannot connect: " + e.getMessage());
            return;
        }
        hub.connectionProblem(cluster, null);
        Agent a = new Agent(cluster, new KubernetesDriver(client), bus.agentLink(cluster), Agent.Options.defaults().withHeartbeat(heartbeat), clock).start();
        running.put(cluster, new Running(fingerprint, a, client));
        LOG.info("hosted cluster {}: agent started with the kubeconfig in {}", cluster, where);
    }

    private void stop(String cluster) {
        Running r = running.remove(cluster);
        if (r == null) return;
        r.agent().close();
        r.client().close();
    }

    @Override
    public void close() {
        subscriptions.forEach(SharedInformer.Registration::close);
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        new ArrayList<>(running.keySet()).forEach(this::stop);
    }
}
