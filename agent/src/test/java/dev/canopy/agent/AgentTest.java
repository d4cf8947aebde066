package dev.canopy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.agent.transport.AgentLink;
import dev.canopy.api.Json;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.ObjectRef;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.StatusReport;
import dev.canopy.backbone.protocol.StatusReport.Outcome;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The agent's apply/prune/resume rules, driven directly on the test thread (no session thread started). */
class AgentTest {
    static byte[] utf8(String s) { return s.getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    final SimulatedDriver driver = new SimulatedDriver();
    final FakeLink link = new FakeLink();
    final Agent agent = new Agent("c1", driver, link, Agent.Options.defaults(), Clock.systemUTC());

    static ObjectNode ns(String name, String... labels) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode md = o.putObject("metadata").put("name", name);
        for (int i = 0; i < labels.length; i += 2) md.withObject("labels").put(labels[i], labels[i + 1]);
        return o;
    }

    static ObjectRef ref(String name) { return new ObjectRef("v1", "Namespace", null, name); }

    List<String> names() { return driver.listManaged("Namespace").stream().map(o -> o.path("metadata").path("name").asText()).toList(); }

    StatusReport.ApplyResults lastResults() {
        for (int i = link.sent.size() - 1; i >= 0; i--) if (link.sent.get(i) instanceof StatusReport.ApplyResults r) return r;
        throw new AssertionError("no apply results sent");
    }

    @Test
    void snapshotCreatesLabelledObjectsAndRemembersTheRevision() {
        agent.onDesired(new DesiredState.Snapshot(5, List.of(ns("a", "team", "x"), ns("b"))));
        assertThat(names()).containsExactly("a", "b");
        ObjectNode a = driver.get("Namespace", null, "a").orElseThrow();
        assertThat(a.at("/metadata/labels/canopy.dev~1managed-by").asText()).isEqualTo("canopy");
        assertThat(a.at("/metadata/labels/team").asText()).isEqualTo("x");
        assertThat(agent.appliedRevision()).isEqualTo(5);
        assertThat(lastResults().results()).extracting(StatusReport.ApplyResult::outcome).containsOnly(Outcome.CREATED);
    }

    @Test
    void deltasUpdateAndDeleteAndPruneLeavesForeignObjectsAlone() {
        driver.putForeign(ns("kube-system"));
        agent.onDesired(new DesiredState.Snapshot(1, List.of(ns("a"), ns("b"))));
        agent.onDesired(new DesiredState.Delta(1, 2, List.of(ns("a", "env", "prod")), List.of(ref("b"))));
        assertThat(names()).containsExactly("a");
        assertThat(driver.get("Namespace", null, "a").orElseThrow().at("/metadata/labels/env").asText()).isEqualTo("prod");
        assertThat(driver.get("Namespace", null, "kube-system")).isPresent();
        assertThat(lastResults().results()).extracting(r -> r.object().name() + ":" + r.outcome())
                .containsExactly("a:UPDATED", "b:DELETED");
        // an empty snapshot prunes every managed object, still not the foreign one
        agent.onDesired(new DesiredState.Snapshot(3, List.of()));
        assertThat(names()).isEmpty();
        assertThat(driver.get("Namespace", null, "kube-system")).isPresent();
    }

    @Test
    void anObjectAnnotatedKeepIsReleasedNotDeletedAndNeverTouchedAgain() {
        ObjectNode kept = Json.object();
        kept.put("apiVersion", "v1").put("kind", "ConfigMap");
        kept.putObject("metadata").put("name", "keep-me").put("namespace", "a").putObject("annotations").put("helm.sh/resource-policy", "keep");
        ObjectNode dropped = Json.object();
        dropped.put("apiVersion", "v1").put("kind", "ConfigMap");
        dropped.putObject("metadata").put("name", "drop-me").put("namespace", "a");
        agent.onDesired(new DesiredState.Snapshot(1, List.of(ns("a"), kept, dropped)));
        agent.onDesired(new DesiredState.Snapshot(2, List.of(ns("a"))));
        assertThat(lastResults().results()).extracting(r -> r.object().name() + ":" + r.outcome())
                .containsExactlyInAnyOrder("a:UNCHANGED", "keep-me:RELEASED", "drop-me:DELETED");
        ObjectNode left = driver.get("ConfigMap", "a", "keep-me").orElseThrow();
        assertThat(ClusterDriver.managed(left)).isFalse();
        assertThat(driver.get("ConfigMap", "a", "drop-me")).isEmpty();
        // no longer Canopy's: a later prune leaves it, and desiring it again is refused rather than taking it over
        agent.onDesired(new DesiredState.Snapshot(3, List.of()));
        assertThat(driver.get("ConfigMap", "a", "keep-me")).isPresent();
    }

    @Test
    void aForeignObjectWithADesiredNameIsNotTakenOver() {
        driver.putForeign(ns("taken", "owner", "someone"));
        agent.onDesired(new DesiredState.Snapshot(1, List.of(ns("taken"))));
        assertThat(lastResults().results().get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(lastResults().results().get(0).message()).contains("not managed by Canopy");
        assertThat(driver.get("Namespace", null, "taken").orElseThrow().at("/metadata/labels/owner").asText()).isEqualTo("someone");
        assertThat(agent.appliedRevision()).isZero();
    }

    @Test
    void pruneWaitsForASuccessfulApplyAndTheNextTickRetries() {
        agent.onDesired(new DesiredState.Snapshot(1, List.of(ns("old"))));
        driver.failApplyOf("new");
        agent.onDesired(new DesiredState.Snapshot(2, List.of(ns("new"))));
        assertThat(names()).containsExactly("old");   // not pruned: the apply failed
        assertThat(agent.appliedRevision()).isEqualTo(1);
        driver.failApplyOf(null);
        agent.tick();
        assertThat(names()).containsExactly("new");
        assertThat(agent.appliedRevision()).isEqualTo(2);
        assertThat(link.sent).anySatisfy(m -> assertThat(m).isInstanceOf(StatusReport.Heartbeat.class));
    }

    @Test
    void resumingAppliesNothingTwiceAndAGapWaitsForASnapshot() {
        agent.onDesired(new DesiredState.Snapshot(4, List.of(ns("a"))));
        int applies = agent.applies();
        agent.onDesired(new DesiredState.Snapshot(4, List.of(ns("a"))));           // redelivered after a reconnect
        agent.onDesired(new DesiredState.Delta(3, 4, List.of(ns("z")), List.of()));  // an old delta
        assertThat(agent.applies()).isEqualTo(applies);
        agent.onDesired(new DesiredState.Delta(6, 7, List.of(ns("gap")), List.of()));   // missed 4→6
        assertThat(names()).containsExactly("a");
        assertThat(agent.appliedRevision()).isEqualTo(4);
        agent.onDesired(new DesiredState.Snapshot(7, List.of(ns("a"), ns("gap"))));
        assertThat(names()).containsExactly("a", "gap");
        assertThat(agent.appliedRevision()).isEqualTo(7);
    }

    @Test
    void rpcAnswersPingListGetAndReapply() {
        agent.onDesired(new DesiredState.Snapshot(2, List.of(ns("a"))));
        assertThat(agent.answer(new RpcRequest.Ping())).isEqualTo(new RpcResponse.Pong(Agent.VERSION, 2));
        assertThat(((RpcResponse.ObjectList) agent.answer(new RpcRequest.ListObjects("Namespace"))).objects()).hasSize(1);
        assertThat(((RpcResponse.ObjectFound) agent.answer(new RpcRequest.GetObject("Namespace", null, "a"))).object()).isNotNull();
        assertThat(((RpcResponse.ObjectFound) agent.answer(new RpcRequest.GetObject("Namespace", null, "nope"))).object()).isNull();
        assertThat(agent.answer(new RpcRequest.ReapplyNow())).isEqualTo(new RpcResponse.ReapplyAccepted(2));
    }

    @Test
    void aTickRepairsObjectsSomeoneElseChangedOrDeletedAndReportsThem() {
        agent.onDesired(new DesiredState.Snapshot(1, List.of(ns("a", "team", "x"), ns("b"))));
        driver.tamper("Namespace", null, "a", o -> o.with("metadata").with("labels").put("team", "intruder"));
        driver.deleteForeign("Namespace", null, "b");
        agent.tick();
        assertThat(driver.get("Namespace", null, "a").orElseThrow().at("/metadata/labels/team").asText()).isEqualTo("x");
        assertThat(names()).containsExactly("a", "b");
        StatusReport.DriftReport report = (StatusReport.DriftReport) link.sent.stream().filter(m -> m instanceof StatusReport.DriftReport).findFirst().orElseThrow();
        assertThat(report.objects()).extracting(d -> d.object().name() + ":" + d.kind() + ":" + d.repaired())
                .containsExactlyInAnyOrder("a:MODIFIED:true", "b:DELETED:true");
        link.sent.clear();
        agent.tick();   // nothing drifted since
        assertThat(link.sent).noneMatch(m -> m instanceof StatusReport.DriftReport);
        assertThat(agent.drifts()).isEqualTo(2);
    }

    @Test
    void aTickReportsPodUsageOfPlacedNamespacesWhenItChanges() {
        agent.onDesired(new DesiredState.Snapshot(1, List.of(ns("team-a"))));
        agent.tick();   // first tick: facts turn, usage always sent
        assertThat(lastUsage().namespaces()).containsExactly(new StatusReport.NamespaceUsage("team-a", 0, 0, 0, 0, 0));
        link.sent.clear();
        agent.tick();
        assertThat(link.sent).noneMatch(m -> m instanceof StatusReport.Usage);   // unchanged: not sent again
        driver.putForeign(Json.parseObject(utf8("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"team-a\",\"name\":\"web\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"}}}]}}")));
        agent.tick();
        assertThat(lastUsage().namespaces()).containsExactly(new StatusReport.NamespaceUsage("team-a", 1, 500, 0, 1L << 30, 0));
    }

    StatusReport.Usage lastUsage() {
        for (int i = link.sent.size() - 1; i >= 0; i--) if (link.sent.get(i) instanceof StatusReport.Usage u) return u;
        throw new AssertionError("no usage sent");
    }

    static final class FakeLink implements AgentLink {
        final List<StatusReport> sent = new CopyOnWriteArrayList<>();

        @Override public void start(Consumer<DesiredState> onDesired, Function<RpcRequest, RpcResponse> rpc) {}

        @Override public void send(StatusReport report) { sent.add(report); }

        @Override public void close() {}
    }
}
