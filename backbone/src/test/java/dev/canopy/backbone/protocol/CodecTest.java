package dev.canopy.backbone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.Decoded.Accepted;
import dev.canopy.backbone.protocol.Decoded.Reason;
import dev.canopy.backbone.protocol.Decoded.Refusal;
import dev.canopy.backbone.protocol.DesiredState.Delta;
import dev.canopy.backbone.protocol.DesiredState.Snapshot;
import dev.canopy.backbone.protocol.StatusReport.ApplyResult;
import dev.canopy.backbone.protocol.StatusReport.ApplyResults;
import dev.canopy.backbone.protocol.StatusReport.ClusterFacts;
import dev.canopy.backbone.protocol.StatusReport.Drift;
import dev.canopy.backbone.protocol.StatusReport.DriftKind;
import dev.canopy.backbone.protocol.StatusReport.DriftReport;
import dev.canopy.backbone.protocol.StatusReport.Heartbeat;
import dev.canopy.backbone.protocol.StatusReport.NamespaceUsage;
import dev.canopy.backbone.protocol.StatusReport.Outcome;
import dev.canopy.backbone.protocol.StatusReport.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {
    final Codec codec = new Codec(4096);

    static ObjectNode namespace(String name) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "Namespace").putObject("metadata").put("name", name);
        return o;
    }

    static Stream<Message> everyMessage() {
        ObjectRef ref = ObjectRef.of(namespace("tenant-foo"));
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        return Stream.of(
                new Snapshot(7, List.of(namespace("tenant-foo"))),
                new Snapshot(7, 1, 3, List.of()),
                new Delta(7, 9, List.of(namespace("tenant-bar")), List.of(ref)),
                new RpcRequest.Ping(),
                new RpcRequest.ListObjects("Namespace"),
                new RpcRequest.ListObjects(null),
                new RpcRequest.GetObject("Namespace", null, "tenant-foo"),
                new RpcRequest.ReapplyNow(),
                new Heartbeat("0.1.0", t, 9),
                new ClusterFacts("v1.32.1", 3),
                new ApplyResults(9, List.of(new ApplyResult(ref, Outcome.CREATED, null),
                        new ApplyResult(ref, Outcome.FAILED, "forbidden"))),
                new Usage(t, List.of(new NamespaceUsage("tenant-foo", 4, 500, 1000, 1L << 28, 1L << 29))),
                new DriftReport(List.of(new Drift(ref, DriftKind.MODIFIED, true))),
                new RpcResponse.Pong("0.1.0", 9),
                new RpcResponse.ObjectList(List.of(namespace("a"))),
                new RpcResponse.ObjectFound(null),
                new RpcResponse.ReapplyAccepted(9),
                new RpcResponse.RpcError("NotFound", "no such kind"),
                new Signup("prod-1", "UABC", Map.of("env", "prod"), "tok", new ClusterFacts("v1.32.1", 1)),
                new SignupAnswer(SignupAnswer.Status.PENDING, null, null));
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void everyMessageRoundTripsWithVersionAndType(Message m) throws Exception {
        byte[] wire = codec.encode(m);
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(wire);
        assertThat(json.get("v").intValue()).isEqualTo(Codec.VERSION);
        assertThat(json.get("type").isTextual()).isTrue();
        assertThat(codec.decode(wire)).isEqualTo(new Accepted<>(m, Codec.VERSION));
    }

    @Test
    void wireShapeIsStable() {
        String wire = new String(codec.encode(new ClusterFacts("v1.32.1", 3)), StandardCharsets.UTF_8);
        assertThat(wire).isEqualTo("{\"v\":1,\"type\":\"clusterFacts\",\"kubernetesVersion\":\"v1.32.1\",\"nodeCount\":3}");
    }

    @Test
    void decodesTheExpectedDirectionOnly() {
        byte[] snapshot = codec.encode(new Snapshot(1, List.of()));
        assertThat(codec.decode(snapshot, DesiredState.class).accepted()).isTrue();
        assertThat(refusal(codec.decode(snapshot, StatusReport.class)).reason()).isEqualTo(Reason.WRONG_DIRECTION);
        assertThat(refusal(codec.decode(codec.encode(new RpcRequest.Ping()), RpcResponse.class)).reason())
                .isEqualTo(Reason.WRONG_DIRECTION);
    }

    @Test
    void refusesGarbage() {
        assertThat(reason(new byte[0])).isEqualTo(Reason.NOT_JSON);
        assertThat(reason("not json at all")).isEqualTo(Reason.NOT_JSON);
        assertThat(reason("{\"v\":1,\"type\":\"heartbeat\"")).isEqualTo(Reason.NOT_JSON);
        assertThat(reason("[1,2,3]")).isEqualTo(Reason.NOT_JSON);
        assertThat(reason("42")).isEqualTo(Reason.NOT_JSON);
        assertThat(reason(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})).isEqualTo(Reason.NOT_JSON);
    }

    @Test
    void refusesOversizeBeforeParsing() {
        byte[] big = new byte[4097];
        java.util.Arrays.fill(big, (byte) '{');
        Refusal<?> r = refusal(codec.decode(big));
        assertThat(r.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(r.detail()).contains("4097");
    }

    @Test
    void refusesMissingUnknownAndNewerVersions() {
        assertThat(reason("{\"type\":\"ping\"}")).isEqualTo(Reason.MISSING_VERSION);
        assertThat(reason("{\"v\":\"1\",\"type\":\"ping\"}")).isEqualTo(Reason.MISSING_VERSION);
        assertThat(reason("{\"v\":1.5,\"type\":\"ping\"}")).isEqualTo(Reason.MISSING_VERSION);
        Refusal<?> newer = refusal(codec.decode(bytes("{\"v\":2,\"type\":\"ping\"}")));
        assertThat(newer.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(newer.detail()).contains("protocol version 2");
        assertThat(reason("{\"v\":0,\"type\":\"ping\"}")).isEqualTo(Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void refusesUnknownTypes() {
        assertThat(reason("{\"v\":1}")).isEqualTo(Reason.UNKNOWN_TYPE);
        assertThat(reason("{\"v\":1,\"type\":\"selfDestruct\"}")).isEqualTo(Reason.UNKNOWN_TYPE);
        assertThat(reason("{\"v\":1,\"type\":7}")).isEqualTo(Reason.UNKNOWN_TYPE);
    }

    @Test
    void refusesInvalidFields() {
        assertThat(reason("{\"v\":1,\"type\":\"clusterFacts\",\"nodeCount\":3}")).isEqualTo(Reason.INVALID);
        assertThat(reason("{\"v\":1,\"type\":\"clusterFacts\",\"kubernetesVersion\":\"v1\",\"nodeCount\":-1}"))
                .isEqualTo(Reason.INVALID);
        assertThat(reason("{\"v\":1,\"type\":\"clusterFacts\",\"kubernetesVersion\":\"v1\",\"nodeCount\":\"3\"}"))
                .isEqualTo(Reason.INVALID);
        assertThat(reason("{\"v\":1,\"type\":\"clusterFacts\",\"kubernetesVersion\":\"v1\",\"nodeCount\":null}"))
                .isEqualTo(Reason.INVALID);
        assertThat(reason("{\"v\":1,\"type\":\"delta\",\"fromRevision\":5,\"toRevision\":5}")).isEqualTo(Reason.INVALID);
        assertThat(reason("{\"v\":1,\"type\":\"snapshot\",\"clusterRevision\":1,\"chunk\":0,\"chunks\":1,"
                + "\"objects\":[{\"kind\":\"Namespace\"}]}")).isEqualTo(Reason.INVALID);
        assertThat(reason("{\"v\":1,\"type\":\"heartbeat\",\"agentVersion\":\"x\",\"time\":\"yesterday\"}"))
                .isEqualTo(Reason.INVALID);
        assertThat(reason("{\"v\":1,\"type\":\"applyResults\",\"revision\":1,\"results\":[null]}"))
                .isEqualTo(Reason.INVALID);
    }

    @Test
    void ignoresUnknownFieldsWithinAVersion() {
        Decoded<Message> d = codec.decode(bytes("{\"v\":1,\"type\":\"ping\",\"addedLater\":true}"));
        assertThat(d).isEqualTo(new Accepted<Message>(new RpcRequest.Ping(), 1));
    }

    @Test
    void neverThrowsOnDeeplyNestedInput() {
        String deep = "{\"v\":1,\"type\":\"object\",\"object\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}";
        Codec large = new Codec(1 << 20);
        assertThat(large.decode(bytes(deep)).accepted()).isFalse();
    }

    @Test
    void encodeRefusesMessagesLargerThanTheMaximum() {
        List<ObjectNode> many = java.util.stream.IntStream.range(0, 200).mapToObj(i -> namespace("tenant-" + i)).toList();
        assertThatThrownBy(() -> codec.encode(new Snapshot(1, many)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than the maximum 4096");
    }

    private Reason reason(String payload) { return reason(bytes(payload)); }

    private Reason reason(byte[] payload) { return refusal(codec.decode(payload)).reason(); }

    private static Refusal<?> refusal(Decoded<?> d) {
        assertThat(d).isInstanceOf(Refusal.class);
        return (Refusal<?>) d;
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
