package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import dev.canopy.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Renders a Helm chart like {@code helm template --include-crds} with helm-java (Helm 3 in-process, offline:
 * a fixed Kubernetes version, no cluster contacted). The chart comes from a chart repository
 * ({@link ChartRepositoryClient}), a chart directory or a packaged {@code .tgz}. Thread-safe: renders are
 * serialized, because Helm's library keeps process-wide state.
 */
public final class HelmRenderer {
    /** The Kubernetes version charts see as {@code .Capabilities.KubeVersion}. */
    public static final String KUBE_VERSION = "v1.32.0";
    private final ChartRepositoryClient repositories;
    private final Path work;
    private final ReentrantLock lock = new ReentrantLock();

    /** @param work a directory for downloaded charts and values files (created if absent) */
    public HelmRenderer(Path work) { this(work, ChartRepositoryPolicy.defaults()); }

    /** @param policy which chart repository URLs may be fetched (see {@link ChartRepositoryPolicy}) */
    public HelmRenderer(Path work, ChartRepositoryPolicy policy) {
        this.work = work;
        this.repositories = new ChartRepositoryClient(work.resolve("charts"), policy);
    }

    /**
     * @param values the values document (YAML, may be empty); {@code sets} are merged into it
     * @return the rendered objects in the chart's order
     * @throws HelmException with Helm's message when the chart cannot be had or fails to render
     */
    public List<ObjectNode> render(String releaseName, String namespace, ChartSource source, String values, List<Set> sets) {
        Path chart = switch (source) {
            case ChartSource.Repository r -> fetch(r);
            case ChartSource.Local l -> {
                if (!Files.exists(l.path())) throw new HelmException("chart path " + l.path() + " does not exist on the seed");
                yield l.path();
            }
        };
        ObjectNode merged = mergedValues(values, sets);
        lock.lock();
        Path valuesFile = null;
        try {
            Files.createDirectories(work);
            valuesFile = Files.createTempFile(work, "values", ".yaml");
            Files.writeString(valuesFile, Json.yaml(merged));
            String out = Helm.template(chart.toString()).withName(releaseName).withNamespace(namespace)
                    .withKubeVersion(KUBE_VERSION).withValuesFile(valuesFile).call();
            List<ObjectNode> objects = new ArrayList<>();
            for (String crd : ChartCrds.of(chart)) objects.addAll(parse(crd));   // --include-crds: CRDs first
            objects.addAll(parse(out));
            return objects;
        } catch (IOException e) {
            throw new HelmException("cannot read the chart or write its values: " + e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new HelmException(String.valueOf(e.getMessage()).strip());
        } finally {
            lock.unlock();
            if (valuesFile != null) try { Files.deleteIfExists(valuesFile); } catch (IOException ignored) { }
        }
    }

    private Path fetch(ChartSource.Repository r) {
        try {
            return repositories.fetch(r);
        } catch (ChartRepositoryClient.ChartException e) {
            throw new HelmException(e.getMessage());
        }
    }

    static ObjectNode mergedValues(String values, List<Set> sets) {
        ObjectNode merged;
        try {
            JsonNode v = values == null || values.isBlank() ? null : Json.YAML.readTree(values);
            merged = v instanceof ObjectNode o ? o.deepCopy() : Json.object();
        } catch (IOException e) {
            throw new HelmException("values are not YAML: " + e.getMessage());
        }
        for (Set s : sets) {
            try {
                SetValues.apply(merged, s.name(), s.value(), s.forceString());
            } catch (IllegalArgumentException e) {
                throw new HelmException(e.getMessage());
            }
        }
        return merged;
    }

    /** The documents of Helm's output that are objects (empty documents and comments dropped). */
    static List<ObjectNode> parse(String manifests) {
        List<ObjectNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Json.YAML.readerFor(JsonNode.class).readValues(manifests)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n instanceof ObjectNode o && o.hasNonNull("kind")) {
                    if (o.path("kind").asText().equals("List") && o.path("items").isArray()) {
                        o.path("items").forEach(i -> { if (i instanceof ObjectNode io) out.add(io); });
                    } else {
                        out.add(o);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new HelmException("the chart rendered YAML that cannot be read: " + e.getMessage());
        }
        return out;
    }

    /** One {@code --set} (or {@code --set-string}). */
    public record Set(String name, String value, boolean forceString) {}

    /** A chart that cannot be had or rendered; the message is Helm's (or the repository's). */
    public static final class HelmException extends RuntimeException {
        public HelmException(String message) { super(message); }
    }
}
