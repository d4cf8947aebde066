package dev.canopy.cli.seed;

import dev.canopy.cli.CliException;
import dev.canopy.cli.Environment;
import dev.canopy.cli.GlobalOptions;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A connection to the seed named by the kubeconfig the user chose (see {@link KubeconfigLocator}),
 * with kubectl's {@code --context}, {@code --as} and {@code --as-group} applied. The fabric8 client is
 * created lazily and closed with this object.
 */
public final class SeedConnection implements AutoCloseable {
    /** A CLI waits for one answer; fabric8's default of ten retries would hang for a minute on a stopped seed. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int REQUEST_TIMEOUT_MS = 30_000;

    private final Path kubeconfig;
    private final Config config;
    private KubernetesClient client;

    private SeedConnection(Path kubeconfig, Config config) {
        this.kubeconfig = kubeconfig;
        this.config = config;
    }

    /** Locates and reads the kubeconfig; every problem becomes a one-line {@link CliException}. */
    public static SeedConnection open(GlobalOptions options, Environment env) {
        Path file = switch (KubeconfigLocator.locate(options.kubeconfig(), env)) {
            case KubeconfigLocator.Found f -> f.path();
            case KubeconfigLocator.Missing m -> throw new CliException(KubeconfigLocator.explain(m, env));
        };
        return new SeedConnection(file, load(file, options));
    }

    static Config load(Path file, GlobalOptions options) {
        Config config;
        try {
            config = Config.fromKubeconfig(options.context(), file.toFile());
        } catch (RuntimeException e) {
            throw new CliException("cannot read kubeconfig " + file + ": " + ApiClient.rootMessage(e));
        }
        String ctx = options.context();
        if (ctx != null && config.getContexts().stream().map(NamedContext::getName).noneMatch(ctx::equals)) {
            throw new CliException("context \"" + ctx + "\" does not exist in " + file);
        }
        if (config.getCurrentContext() == null) {
            throw new CliException("kubeconfig " + file + " has no current-context; pass --context NAME");
        }
        if (!options.asGroups().isEmpty() && options.as() == null) {
            // kubectl refuses this too: groups alone would impersonate nobody
            throw new CliException("--as-group needs --as: impersonating groups requires impersonating a user", 2);
        }
        if (options.as() != null) {
            config.setImpersonateUsername(options.as());
            config.setImpersonateGroups(options.asGroups().toArray(String[]::new));
        }
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(0);
        return config;
    }

    public Path kubeconfig() { return kubeconfig; }

    public Config config() { return config; }

    public synchronized KubernetesClient client() {
        if (client == null) client = new KubernetesClientBuilder().withConfig(config).build();
        return client;
    }

    public ApiClient api() { return new ApiClient(client(), REQUEST_TIMEOUT_MS / 1000); }

    /** The current context's server and CA, to hand to another user. */
    public SeedEndpoint endpoint() {
        String server = config.getMasterUrl();
        if (server.endsWith("/")) server = server.substring(0, server.length() - 1);
        var current = config.getCurrentContext().getContext();
        String cluster = current != null && current.getCluster() != null ? current.getCluster() : "canopy";
        String ca = config.getCaCertData();
        if ((ca == null || ca.isBlank()) && config.getCaCertFile() != null) {
            try {
                // inline the CA: the new kubeconfig must work on another machine, without the file
                ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
            } catch (IOException e) {
                throw new CliException("cannot read the CA file " + config.getCaCertFile() + " named in " + kubeconfig + ": " + e.getMessage());
            }
        }
        return new SeedEndpoint(cluster, server, ca == null || ca.isBlank() ? null : ca, config.isTrustCerts());
    }

    @Override
    public synchronized void close() {
        if (client != null) client.close();
    }
}
