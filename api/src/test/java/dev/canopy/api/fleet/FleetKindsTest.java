package dev.canopy.api.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.ResourceType;
import org.junit.jupiter.api.Test;

class FleetKindsTest {
    static final ResourceType CLUSTER = BuiltinKinds.registry().find("fleet.canopy.dev", "v1alpha1", "clusters").orElseThrow();

    static ObjectNode obj(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void clusterIsClusterScopedWithStatus() {
        assertThat(CLUSTER.kind()).isEqualTo("Cluster");
        assertThat(CLUSTER.namespaced()).isFalse();
        assertThat(CLUSTER.statusSubresource()).isTrue();
        assertThat(CLUSTER.storageResource()).isEqualTo(FleetKinds.CLUSTERS);
    }

    @Test
    void columnsShowReadinessDriverAndFacts() {
        ObjectNode o = obj("""
                status:
                  driver: simulated
                  kubernetesVersion: v1.32.1
                  nodeCount: 3
                  lastHeartbeat: "2026-01-01T00:00:00Z"
                  agentVersion: 0.1.0
                  conditions: [{type: Ready, status: "True"}, {type: Connected, status: "True"}, {type: Synced, status: "False"}]
                """);
        assertThat(CLUSTER.columns()).extracting(c -> c.name() + "=" + c.value().apply(o)).containsExactly(
                "READY=True", "DRIVER=simulated", "VERSION=v1.32.1", "NODES=3", "LAST-HEARTBEAT=2026-01-01T00:00:00Z",
                "CONNECTED=True", "SYNCED=False", "AGENT=0.1.0");
    }

    @Test
    void badModeAndDirectionAndHostedWithoutSecretAreRefused() {
        assertThat(FleetKinds.validateCluster(obj("spec: {connection: {mode: Agent, direction: LeafDials}}"), null)).isEmpty();
        assertThat(FleetKinds.validateCluster(obj("spec: {connection: {mode: Remote, direction: Sideways}}"), null))
                .extracting(FieldError::field).containsExactly("spec.connection.mode", "spec.connection.direction");
        assertThat(FleetKinds.validateCluster(obj("spec: {connection: {mode: Hosted}}"), null))
                .extracting(FieldError::field).containsExactly("spec.connection.kubeconfigSecretRef.name");
    }

    static final String KEY = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";

    @Test
    void interconnectRequestsAreValidatedStrictly() {
        ResourceType ir = BuiltinKinds.registry().find("fleet.canopy.dev", "v1alpha1", "interconnectrequests").orElseThrow();
        assertThat(ir.namespaced()).isFalse();
        assertThat(ir.statusSubresource()).isTrue();
        assertThat(FleetKinds.validateInterconnect(obj("spec: {publicKey: " + KEY + ", labels: {env: prod}}"), null)).isEmpty();
        assertThat(FleetKinds.validateInterconnect(obj("spec: {publicKey: nope}"), null)).extracting(FieldError::field).containsExactly("spec.publicKey");
        assertThat(FleetKinds.validateInterconnect(obj("spec: {labels: {env: prod}}"), null)).extracting(FieldError::field).containsExactly("spec.publicKey");
        assertThat(FleetKinds.validateInterconnect(obj("spec: {publicKey: " + KEY + ", labels: {'bad key!': x, env: 'no good'}}"), null))
                .extracting(FieldError::field).containsExactly("spec.labels", "spec.labels[env]");
        // the key is immutable; a revoked or refused request cannot be approved again
        ObjectNode old = obj("spec: {publicKey: " + KEY + ", approved: false}\nstatus: {phase: Revoked}");
        assertThat(FleetKinds.validateInterconnect(obj("spec: {publicKey: UAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA}"), old))
                .extracting(FieldError::field).containsExactly("spec.publicKey");
        assertThat(FleetKinds.validateInterconnect(obj("spec: {publicKey: " + KEY + ", approved: true}"), old))
                .extracting(FieldError::field).containsExactly("spec.approved");
        ObjectNode pending = obj("spec: {publicKey: " + KEY + "}\nstatus: {phase: Pending}");
        assertThat(FleetKinds.validateInterconnect(obj("spec: {publicKey: " + KEY + ", approved: true}"), pending)).isEmpty();
    }
}
