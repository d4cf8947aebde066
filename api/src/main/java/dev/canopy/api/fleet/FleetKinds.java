package dev.canopy.api.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Column;
import dev.canopy.api.FieldError;
import dev.canopy.api.NameRule;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the fleet kinds under {@code fleet.canopy.dev/v1alpha1}: {@link Cluster} (cluster-scoped, with
 * a status subresource). Stateless; call once while building the registry.
 */
public final class FleetKinds {
    private FleetKinds() {}

    public static final String GROUP = BuiltinKinds.FLEET;
    public static final String VERSION = "v1alpha1";
    /** Storage resource of Clusters (as used by the store's keys). */
    public static final String CLUSTERS = GROUP + "/clusters";
    private static final List<String> MODES = List.of("Agent", "Hosted");
    private static final List<String> DIRECTIONS = List.of("LeafDials", "SeedDials");

    public static void register(Registry r) {
        r.register(ResourceType.builder(GROUP, VERSION, "Cluster", "clusters", Cluster.class).clusterScoped().statusSubresource()
                .categories("canopy", "fleet").nameRule(NameRule.DNS1123_LABEL).validator(FleetKinds::validateCluster)
                .columns(Column.of("READY", "Whether the cluster is ready", o -> BuiltinKinds.condition(o, "Ready")),
                        Column.path("DRIVER", "The agent's driver (simulated or kubernetes)", "status.driver"),
                        Column.path("VERSION", "Kubernetes version", "status.kubernetesVersion"),
                        Column.path("NODES", "Nodes", "status.nodeCount"),
                        Column.path("LAST-HEARTBEAT", "When the agent was last heard from", "status.lastHeartbeat"),
                        Column.wide("CONNECTED", "Whether the agent is connected", o -> BuiltinKinds.condition(o, "Connected")),
                        Column.wide("AGENT", "Agent version", o -> Objects.text(o, "status.agentVersion")))
                .build());
    }

    static List<FieldError> validateCluster(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode c = o.path("spec").path("connection");
        JsonNode mode = c.path("mode");
        if (!mode.isMissingNode() && !mode.isNull() && !MODES.contains(mode.asText())) {
            errs.add(FieldError.notSupported("spec.connection.mode", mode.asText(), MODES));
        }
        JsonNode dir = c.path("direction");
        if (!dir.isMissingNode() && !dir.isNull() && !DIRECTIONS.contains(dir.asText())) {
            errs.add(FieldError.notSupported("spec.connection.direction", dir.asText(), DIRECTIONS));
        }
        if ("Hosted".equals(mode.asText()) && c.path("kubeconfigSecretRef").path("name").asText("").isEmpty()) {
            errs.add(FieldError.required("spec.connection.kubeconfigSecretRef.name", "a Hosted cluster needs the Secret holding its kubeconfig"));
        }
        return errs;
    }
}
