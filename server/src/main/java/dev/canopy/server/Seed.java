package dev.canopy.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.server.admission.Admission;
import dev.canopy.server.auth.AuthModule;
import dev.canopy.server.auth.BootstrapPolicy;
import dev.canopy.server.auth.RbacAuthorizer;
import dev.canopy.server.auth.RbacIndex;
import dev.canopy.server.auth.ServiceAccounts;
import dev.canopy.server.auth.SettingsPort;
import dev.canopy.server.auth.TokenAuthenticator;
import dev.canopy.server.controllers.SharedInformer;
import dev.canopy.server.controllers.SharedInformers;
import dev.canopy.server.controllers.NamespaceController;
import dev.canopy.server.controllers.NamespaceLifecycle;
import dev.canopy.server.http.Access;
import dev.canopy.server.http.ApiServer;
import dev.canopy.server.http.Discovery;
import dev.canopy.server.http.ResourceHandler;
import dev.canopy.server.http.Visibility;
import dev.canopy.server.http.Watcher;
import dev.canopy.server.observe.AuditLog;
import dev.canopy.server.observe.Metrics;
import dev.canopy.store.EmbeddedDatabase;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.StoreOptions;
import dev.canopy.store.postgres.PostgresStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running seed server: store, API, controllers. {@code bin/canopy up} and the tests start one the same way.
 * Start-up order: database, store, shared secrets (CA, token key), RBAC bootstrap and index, admission,
 * HTTPS API, controllers, then {@code admin.kubeconfig}. {@link #close()} stops them in reverse.
 */
public final class Seed implements AutoCloseable {

    /**
     * @param dataDir     holds the embedded PostgreSQL, admin.kubeconfig, audit.log (created if absent)
     * @param port        HTTPS port; 0 picks a free one
     * @param domain      tenant-root's domain
     * @param databaseUrl null for the embedded PostgreSQL in dataDir; else a jdbc:postgresql:// URL (user/password in it)
     * @param chartRepositories URL prefixes Templates' chart repositories must start with; empty: any http/https
     *                    URL (link-local and metadata addresses are refused either way)
     */
    public record Config(Path dataDir, int port, String domain, String databaseUrl, List<String> chartRepositories) {
        public Config {
            chartRepositories = chartRepositories == null ? List.of() : List.copyOf(chartRepositories);
        }

        public Config(Path dataDir, int port, String domain, String databaseUrl) { this(dataDir, port, domain, databaseUrl, List.of()); }

        public static Config forTest(Path dataDir) { return new Config(dataDir, 0, "example.org", null); }

        public Config withChartRepositories(List<String> prefixes) { return new Config(dataDir, port, domain, databaseUrl, prefixes); }
    }

    private final Closer toClose = new Closer("the seed");
    private PostgresStore store;
    private ApiServer api;
    private Path adminKubeconfig;
    private Registry registry;
    private volatile dev.canopy.server.fleet.Fleet fleet;
    private dev.canopy.server.templates.Templates templates;
    private dev.canopy.server.fleet.FleetOptions fleetOptions = dev.canopy.server.fleet.FleetOptions.defaults();

    private Seed() {}

    public static Seed start(Config config) { return start(config, dev.canopy.server.fleet.FleetOptions.defaults()); }

    /** A seed with fleet settings (simulated clusters, heartbeat interval). */
    public static Seed start(Config config, dev.canopy.server.fleet.FleetOptions fleetOptions) {
        Seed s = new Seed();
        s.fleetOptions = fleetOptions;
        try {
            s.boot(config);
            return s;
        } catch (RuntimeException | IOException | InterruptedException e) {
            s.close();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw e instanceof RuntimeException re ? re : new IllegalStateException("the seed failed to start: " + e, e);
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Seed.class);

    private void boot(Config config) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path dataDir = config.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir);
        String url = config.databaseUrl();
        if (url == null) {
            EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0);
            toClose.add(db);
            url = db.jdbcUrl();
        }
        long tDb = System.nanoTime();
        store = PostgresStore.open(url, StoreOptions.defaults());
        toClose.add(store);
        // one list-and-watch and one (compact) copy per resource, shared by every controller and cache below
        SharedInformers informers = toClose.add(new SharedInformers(store));
        long tStore = System.nanoTime();
        registry = BuiltinKinds.registry();
        Clock clock = Clock.systemUTC();

        SettingsPort settings = new SettingsPort() {
            @Override public Optional<String> get(String key) { return store.settings().get(key); }
            @Override public String putIfAbsent(String key, String value) { return store.settings().putIfAbsent(key, value); }
        };
        ServiceAccounts.Lookup serviceAccounts = (ns, name) ->
                store.get(new ResourceKey("core/serviceaccounts", ns, name)).map(Objects::uid);
        AuthModule auth = new AuthModule(settings, serviceAccounts, hostName(), List.of());
        long tAuth = System.nanoTime();
        RbacIndex index = auth.rbacIndex();
        RbacAuthorizer rbac = auth.rbac();
        BootstrapPolicy.reconcile(new StorePolicyStore(store));
        ensureNamespace("default");
        for (String resource : RbacIndex.RESOURCES) {
            toClose.add(informers.subscribe(resource, new SharedInformer.Handler() {
                @Override public void upsert(ObjectNode o) { index.upsert(resource, o); }
                @Override public void remove(ObjectNode o) { index.remove(resource, o); }
            }, Duration.ofSeconds(30)));
        }

        var tenancy = dev.canopy.server.tenancy.Tenancy.start(store, informers, config.domain());
        toClose.add(tenancy);
        var kiosk = dev.canopy.server.kiosk.Kiosk.start(store, informers, tenancy.cache());
        toClose.add(kiosk);
        var authorizer = kiosk.authorizer(tenancy.authorizer(rbac));

        templates = dev.canopy.server.templates.Templates.create(store, informers, dataDir.resolve("helm"), clock,
                new dev.canopy.server.templates.ChartRepositoryPolicy(config.chartRepositories()));
        toClose.add(templates);

        var escalation = auth.escalation(rbac);
        long tRbac = System.nanoTime();
        NamespaceLifecycle lifecycle = new NamespaceLifecycle(store, informers);
        Admission admission = new Admission(Wiring.schemaCheck()).add(new dev.canopy.server.admission.Defaults()).add(lifecycle)
                .add(req -> {
                    // RBAC writes may not grant more than the writer holds (Kubernetes' escalate/bind rules)
                    if (req.operation() != dev.canopy.server.admission.Operation.DELETE
                            && RbacIndex.RESOURCES.contains(req.context().type().storageResource())) {
                        escalation.check(req.context().user(), req.context().type().storageResource(), req.object());
                    }
                })
                .add(tenancy.admission())
                .add(templates.admission(tenancy.cache()::platformAdmin, authorizer))
                .add(kiosk.admission(authorizer, rbac));
        Access access = new Access(authorizer, dev.canopy.server.kiosk.KioskListFilter.chain(tenancy.listFilter(), kiosk.listFilter()));
        Watcher watcher = new Watcher(store, Visibility.ALL, clock);
        TokenAuthenticator authn = auth.authenticator();
        var virtuals = new java.util.LinkedHashMap<>(auth.virtualHandlers(access.authorizer(), authn));
        virtuals.putAll(new dev.canopy.server.fleet.FleetApi(() -> fleet).handlers());
        var apiStore = kiosk.apiStore(tenancy.apiStore(), templates.rendering(), clock);
        ResourceHandler resources = new ResourceHandler(registry, apiStore, admission, access, Wiring.patcher(),
                virtuals, watcher, clock);
        Metrics metrics = new Metrics();
        metrics.gauge("canopy_watches_open", "Open API watches", watcher::open);
        metrics.gauge("canopy_store_revision", "Newest committed store revision", store::revision);
        var pool = store.dataSource();
        metrics.gauge("canopy_db_pool_active", "PostgreSQL connections in use", () -> pool.getHikariPoolMXBean().getActiveConnections());
        metrics.gauge("canopy_db_pool_idle", "Idle PostgreSQL connections", () -> pool.getHikariPoolMXBean().getIdleConnections());
        metrics.gauge("canopy_db_pool_pending", "Threads waiting for a PostgreSQL connection", () -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection());
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics.registry());
        AuditLog audit = new AuditLog(dataDir.resolve("audit.log"));
        toClose.add(audit);

        var openapi = new dev.canopy.api.schema.OpenApiDocuments(registry);
        api = ApiServer.start("127.0.0.1", config.port(), auth.ca().serverContext(), new ApiServer.Parts(resources, new Discovery(registry),
                authn, (caller, headers) -> auth.impersonate(caller, headers, rbac), access, openapi, metrics,
                audit, this::ready, clock));
        toClose.add(api);
        toClose.add(new NamespaceController(store, informers, registry).start());
        tenancy.startControllers();
        templates.startController();
        kiosk.startControllers();
        var leaderDb = store.dataSource();
        // the fleet leader's lock lives on a session of its own, outside the pool (see FleetLeadership)
        fleet = dev.canopy.server.fleet.Fleet.start(store, informers, store.settings(), dataDir, fleetOptions, clock,
                () -> java.sql.DriverManager.getConnection(leaderDb.getJdbcUrl(), leaderDb.getUsername(), leaderDb.getPassword()));
        toClose.add(fleet);
        kiosk.ingestUsage(fleet);
        adminKubeconfig = auth.writeAdminKubeconfig(dataDir, url().toString());
        long tEnd = System.nanoTime();
        LOG.info("started in {} ms: database {} ms, store {} ms, certificates and keys {} ms, RBAC {} ms, API and controllers {} ms",
                ms(tEnd - t0), ms(tDb - t0), ms(tStore - tDb), ms(tAuth - tStore), ms(tRbac - tAuth), ms(tEnd - tRbac));
    }

    private static long ms(long nanos) { return nanos / 1_000_000; }

    private void ensureNamespace(String name) {
        ResourceKey key = ResourceKey.cluster("core/namespaces", name);
        if (store.get(key).isPresent()) return;
        ObjectNode ns = Json.object();
        ns.put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", name).putArray("finalizers").add(NamespaceLifecycle.FINALIZER);
        ns.putObject("status").put("phase", "Active");
        try {
            store.create(key, ns);
        } catch (ApiException e) {
            if (e.code() != 409) throw e;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Ready: PostgreSQL answers (a one-row read). Informers have synced before the API starts listening. */
    private boolean ready() {
        try {
            store.revision();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** https://127.0.0.1:PORT */
    public URI url() { return URI.create("https://127.0.0.1:" + api.port()); }

    /** {@code <dataDir>/admin.kubeconfig}: the bootstrap admin's token and the CA. */
    public Path adminKubeconfig() { return adminKubeconfig; }

    public ResourceStore store() { return store; }

    public Registry registry() { return registry; }

    /** Templates: the renderer the Space flow calls ({@code templates().rendering()}). */
    public dev.canopy.server.templates.Templates templates() { return templates; }

    /** The fleet: hub, in-process backbone, simulated clusters. */
    public dev.canopy.server.fleet.Fleet fleet() { return fleet; }

    @Override
    public void close() {
        toClose.close();
    }
}
