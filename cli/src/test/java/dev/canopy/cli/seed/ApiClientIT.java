package dev.canopy.cli.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.cli.Environment;
import dev.canopy.cli.FakeSeed;
import dev.canopy.cli.TestOptions;
import dev.canopy.cli.output.TablePrinter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ApiClient} against a fake seed over HTTP: what it sends and how it reads answers. */
class ApiClientIT {
    @TempDir
    Path tmp;

    private SeedConnection connect(FakeSeed seed) throws Exception {
        return SeedConnection.open(TestOptions.of("--kubeconfig", seed.kubeconfig(tmp, "tok").toString()),
                new Environment(Map.of(), tmp));
    }


    @Test
    void tableRequestsAskForAServerSideTableAndPrintLikeKubectl() throws Exception {
        try (FakeSeed seed = new FakeSeed(); SeedConnection c = connect(seed)) {
            seed.answer("GET", "/apis/tenancy.canopy.dev/v1alpha1/tenants", 200, """
                    {"kind":"Table","apiVersion":"meta.k8s.io/v1",
                     "columnDefinitions":[{"name":"Name","type":"string","priority":0},
                                          {"name":"Domain","type":"string","priority":0},
                                          {"name":"Age","type":"date","format":"date","priority":0}],
                     "rows":[{"cells":["root","example.org","2026-11-23T06:00:00Z"]}]}""");
            var table = c.api().getTable("/apis/tenancy.canopy.dev/v1alpha1/tenants");
            assertThat(seed.requests.getFirst().header("Accept")).startsWith("application/json;as=Table;v=v1;g=meta.k8s.io");
            assertThat(seed.requests.getFirst().header("Authorization")).isEqualTo("Bearer tok");
            assertThat(TablePrinter.fromServerTable(table, Instant.parse("2026-11-23T10:00:00Z")).render(false))
                    .isEqualTo("NAME   DOMAIN        AGE\nroot   example.org   4h\n");
        }
    }

    @Test
    void errorsCarryTheStatus() throws Exception {
        try (FakeSeed seed = new FakeSeed(); SeedConnection c = connect(seed)) {
            assertThatThrownBy(() -> c.api().get("/apis/nope/v1"))
                    .isInstanceOfSatisfying(ApiError.class, e -> {
                        assertThat(e.code()).isEqualTo(404);
                        assertThat(e.reason()).isEqualTo("NotFound");
                    });
        }
    }
}
