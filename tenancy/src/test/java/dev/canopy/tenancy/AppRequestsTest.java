package dev.canopy.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppRequestsTest {

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("Postgres", "{}", Map.of("apps", "1", "cpu", "1", "memory", "512Mi", "storage", "20Gi")),
                Arguments.of("Postgres", "{replicas: 3, resourcesPreset: large, size: 50Gi}",
                        Map.of("apps", "1", "cpu", "6", "memory", "6Gi", "storage", "150Gi")),
                Arguments.of("Postgres", "{replicas: 1, resourcesPreset: large, resources: {cpu: 250m}}",
                        Map.of("apps", "1", "cpu", "250m", "memory", "2Gi", "storage", "10Gi")),
                Arguments.of("Etcd", "{}", Map.of("apps", "1", "cpu", "12", "memory", "3Gi", "storage", "12Gi")),
                Arguments.of("Ingress", "{replicas: 1, resourcesPreset: nano}", Map.of("apps", "1", "cpu", "250m", "memory", "128Mi")),
                Arguments.of("Monitoring", "{}", Map.of("apps", "1")),
                Arguments.of("Kubernetes", "{}", Map.of("apps", "1", "cpu", "10", "memory", "40Gi", "storage", "200Gi")),
                Arguments.of("Kubernetes", "{nodeGroups: {md0: {maxReplicas: 3, instanceType: u1.large, ephemeralStorage: 10Gi},"
                                + " gpu: {maxReplicas: 1, resources: {cpu: 8, memory: 64Gi}}}}",
                        Map.of("apps", "1", "cpu", "14", "memory", "88Gi", "storage", "50Gi")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void appsAreChargedTheirWorstCase(String kind, String spec, Map<String, String> expected) {
        AppRequests.Result r = AppRequests.of(kind, app(spec));
        assertThat(r.errors()).isEmpty();
        Map<String, BigDecimal> want = new TreeMap<>();
        expected.forEach((k, v) -> want.put(k, Quantities.amount(v)));
        assertThat(r.amounts().keySet()).isEqualTo(want.keySet());
        want.forEach((k, v) -> assertThat(r.amounts().get(k)).as(k).isEqualByComparingTo(v));
    }

    @Test
    void anUnknownInstanceTypeIsRefusedRatherThanChargedNothing() {
        AppRequests.Result r = AppRequests.of("Kubernetes", app("{nodeGroups: {md0: {instanceType: z9.huge}}}"));
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).map(FieldError::toString).singleElement().asString()
                .startsWith("spec.nodeGroups[md0].instanceType: Unsupported value: \"z9.huge\": supported values: \"u1.2xlarge\"");
    }

    @Test
    void anUpdateIsChargedTheDifference() {
        Map<String, BigDecimal> before = AppRequests.of("Postgres", app("{replicas: 2}")).amounts();
        Map<String, BigDecimal> after = AppRequests.of("Postgres", app("{replicas: 3}")).amounts();
        Map<String, BigDecimal> d = AppRequests.diff(before, after);
        assertThat(d.keySet()).containsExactlyInAnyOrder("cpu", "memory", "storage");
        assertThat(d.get("cpu")).isEqualByComparingTo("0.5");
        assertThat(AppRequests.negate(before).get("apps")).isEqualByComparingTo("-1");
        assertThat(List.copyOf(AppRequests.diff(after, after).keySet())).isEmpty();
    }

    private static ObjectNode app(String specYaml) {
        ObjectNode o = Json.object();
        o.set("spec", Json.parseYaml(specYaml.getBytes()));
        return o;
    }
}
