package dev.canopy.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.canopy.agent.transport.AgentLink;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.StatusReport;
import dev.canopy.backbone.protocol.StatusReport.Outcome;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kubernetes driver and the agent's apply/prune against fabric8's API test server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesDriverTest {
    KubernetesClient client;   // one fresh API test server per test

    @Test
    void createOrUpdateIsIdempotentAndForeignObjectsAreLeftAlone() {
        KubernetesDriver d = new KubernetesDriver(client);
        var ns = AgentTest.ns("team-a", "canopy.dev/managed-by", "canopy");
        assertThat(d.apply(ns)).isEqualTo(Outcome.CREATED);
        assertThat(d.apply(ns)).isEqualTo(Outcome.UNCHANGED);
        assertThat(d.apply(AgentTest.ns("team-a", "canopy.dev/managed-by", "canopy", "env", "prod"))).isEqualTo(Outcome.UPDATED);
        assertThat(client.namespaces().withName("team-a").get().getMetadata().getLabels()).containsEntry("env", "prod");

        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build()).create();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.apply(AgentTest.ns("kube-system", "canopy.dev/managed-by", "canopy")))
                .isInstanceOf(ClusterDriver.DriverException.class).hasMessageContaining("not managed by Canopy");
        assertThat(d.delete(AgentTest.ref("kube-system"))).isFalse();
        assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
        assertThat(d.listManaged("Namespace")).extracting(o -> o.at("/metadata/name").asText()).containsExactly("team-a");
        assertThat(d.facts().driver()).isEqualTo("kubernetes");
    }

    @Test
    void theAgentAppliesAndPrunesThroughTheDriver() {
        KubernetesDriver d = new KubernetesDriver(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("foreign").endMetadata().build()).create();
        AgentLink link = new AgentTest.FakeLink();
        Agent agent = new Agent("k1", d, link, Agent.Options.defaults(), Clock.systemUTC());
        agent.onDesired(new DesiredState.Snapshot(1, List.of(AgentTest.ns("p1"), AgentTest.ns("p2"))));
        assertThat(client.namespaces().withName("p1").get().getMetadata().getLabels()).containsEntry("canopy.dev/managed-by", "canopy");
        agent.onDesired(new DesiredState.Delta(1, 2, List.of(), List.of(AgentTest.ref("p1"))));
        assertThat(client.namespaces().withName("p1").get()).isNull();
        assertThat(client.namespaces().withName("p2").get()).isNotNull();
        assertThat(client.namespaces().withName("foreign").get()).isNotNull();
        assertThat(agent.appliedRevision()).isEqualTo(2);
    }

    @Test
    void theAgentRepairsDriftAndReportsPodUsageOnARealApi() {
        KubernetesDriver d = new KubernetesDriver(client);
        AgentTest.FakeLink link = new AgentTest.FakeLink();
        Agent agent = new Agent("k1", d, link, Agent.Options.defaults(), Clock.systemUTC());
        var policy = dev.canopy.api.Json.parseObject(AgentTest.utf8("{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\","
                + "\"metadata\":{\"namespace\":\"team-a\",\"name\":\"deny-all\"},\"spec\":{\"podSelector\":{},\"policyTypes\":[\"Ingress\"]}}"));
        agent.onDesired(new DesiredState.Snapshot(1, List.of(AgentTest.ns("team-a", "team", "a"), policy)));
        assertThat(client.network().v1().networkPolicies().inNamespace("team-a").withName("deny-all").get()).isNotNull();

        client.namespaces().withName("team-a").edit(n -> { n.getMetadata().getLabels().put("team", "b"); return n; });
        client.network().v1().networkPolicies().inNamespace("team-a").withName("deny-all").delete();
        client.pods().inNamespace("team-a").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("2")).endResources().endContainer().endSpec().build()).create();
        agent.tick();

        assertThat(client.namespaces().withName("team-a").get().getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(client.network().v1().networkPolicies().inNamespace("team-a").withName("deny-all").get()).isNotNull();
        assertThat(link.sent).filteredOn(m -> m instanceof StatusReport.DriftReport)
                .flatExtracting(m -> ((StatusReport.DriftReport) m).objects())
                .extracting(x -> x.object().kind() + ":" + x.kind() + ":" + x.repaired())
                .containsExactlyInAnyOrder("Namespace:MODIFIED:true", "NetworkPolicy:DELETED:true");
        assertThat(link.sent).filteredOn(m -> m instanceof StatusReport.Usage)
                .flatExtracting(m -> ((StatusReport.Usage) m).namespaces())
                .contains(new StatusReport.NamespaceUsage("team-a", 1, 2000, 0, 0, 0));
    }

    @Test
    void aNetworkPolicyIsAppliedAndAKeptConfigMapIsReleased() throws Exception {
        KubernetesDriver d = new KubernetesDriver(client);
        Agent agent = new Agent("k2", d, new AgentTest.FakeLink(), Agent.Options.defaults(), Clock.systemUTC());
        ObjectNode np = (ObjectNode) dev.canopy.api.Json.YAML.readTree("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: t1}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """);
        ObjectNode kept = (ObjectNode) dev.canopy.api.Json.YAML.readTree("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: kept, namespace: t1, annotations: {helm.sh/resource-policy: keep}}
                """);
        agent.onDesired(new DesiredState.Snapshot(1, List.of(AgentTest.ns("t1"), np, kept)));
        assertThat(client.network().v1().networkPolicies().inNamespace("t1").withName("deny").get()).isNotNull();
        agent.onDesired(new DesiredState.Snapshot(2, List.of(AgentTest.ns("t1"))));
        assertThat(client.network().v1().networkPolicies().inNamespace("t1").withName("deny").get()).isNull();
        var cm = client.configMaps().inNamespace("t1").withName("kept").get();
        assertThat(cm).isNotNull();
        assertThat(cm.getMetadata().getLabels()).doesNotContainKey("canopy.dev/managed-by");
    }

    @Test
    void kindsWithoutAModelGoThroughTheGenericClientAndArePrunedToo() throws Exception {
        KubernetesDriver d = new KubernetesDriver(client);
        Agent agent = new Agent("k3", d, new AgentTest.FakeLink(), Agent.Options.defaults(), Clock.systemUTC());
        ObjectNode sts = (ObjectNode) dev.canopy.api.Json.YAML.readTree("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: redis, namespace: t2}
                spec: {replicas: 1, serviceName: redis, selector: {matchLabels: {app: redis}}, template: {metadata: {labels: {app: redis}}, spec: {containers: [{name: r, image: redis}]}}}
                """);
        agent.onDesired(new DesiredState.Snapshot(1, List.of(AgentTest.ns("t2"), sts)));
        var live = client.apps().statefulSets().inNamespace("t2").withName("redis").get();
        assertThat(live).isNotNull();
        assertThat(live.getMetadata().getLabels()).containsEntry("canopy.dev/managed-by", "canopy");
        assertThat(d.apply(withManagedLabel(sts))).isEqualTo(Outcome.UNCHANGED);
        assertThat(d.listManaged("StatefulSet")).extracting(o -> o.at("/metadata/name").asText()).containsExactly("redis");
        assertThat(d.get("StatefulSet", "t2", "redis")).isPresent();
        agent.onDesired(new DesiredState.Snapshot(2, List.of(AgentTest.ns("t2"))));
        assertThat(client.apps().statefulSets().inNamespace("t2").withName("redis").get()).isNull();
    }

    static ObjectNode withManagedLabel(ObjectNode o) {
        ObjectNode c = o.deepCopy();
        c.withObject("metadata").withObject("labels").put("canopy.dev/managed-by", "canopy");
        return c;
    }
}
