package dev.canopy.server.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canopy.server.Seed;
import dev.canopy.server.fleet.FleetOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of a kubectl end-to-end class: a real seed (embedded PostgreSQL) in its own data directory and
 * a {@link Kubectl} with its admin kubeconfig, started once for the class and stopped after it; the class is
 * skipped when kubectl is not on PATH. Register it with
 * {@code @RegisterExtension static final KubectlSeed env = KubectlSeed.embedded();}. Not thread-safe (one
 * class's tests run one at a time).
 */
final class KubectlSeed implements BeforeAllCallback, AfterAllCallback {
    private final Function<Path, Seed> starter;
    private Path dir;
    private Seed seed;
    private Kubectl kubectl;

    private KubectlSeed(Function<Path, Seed> starter) { this.starter = starter; }

    /** A seed with the test defaults and no clusters. */
    static KubectlSeed embedded() { return new KubectlSeed(data -> Seed.start(Seed.Config.forTest(data))); }

    /** A seed with the given fleet options (e.g. simulated clusters). */
    static KubectlSeed withFleet(FleetOptions fleet) { return new KubectlSeed(data -> Seed.start(Seed.Config.forTest(data), fleet)); }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        assumeTrue(Kubectl.available(), "kubectl is not on PATH");
        dir = Files.createTempDirectory("canopy-e2e-");
        start(starter);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (seed != null) seed.close();
        seed = null;
        if (dir != null) delete(dir);
    }

    Seed seed() { return seed; }

    Kubectl k() { return kubectl; }

    /** A scratch directory for the class's files (manifests, outputs); the seed's data lives in {@code data/} below it. */
    Path dir() { return dir; }

    /** Stops the seed and starts another on the same data directory, e.g. to show what survives a restart. */
    void restart(Function<Path, Seed> how) {
        seed.close();
        start(how);
    }

    private void start(Function<Path, Seed> how) {
        seed = how.apply(dir.resolve("data"));
        kubectl = new Kubectl(seed.adminKubeconfig());
    }

    private static void delete(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
