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
 * Registers the fleet kinds under {@code fleet.canopy.dev/v1alpha1}: {@link Cluster} and
 * {@link InterconnectRequest} (cluster-scoped, with a status subresource) and the create-only {@link BootstrapToken} and {@link TrunkConfig}. Stateless; call once while building the registry.
 */
public final class FleetKinds {
    private FleetKinds() {}

    public static final String GROUP = BuiltinKinds.FLEET;
    public static final String VERSION = "v1alpha1";
    /** Storage resource of Clusters (as used by the store's keys). */
    public static final String CLUSTERS = GROUP + "/clusters";
    private static final List<String> MODES = List.of("Agent", "Hosted");
    private static final List<String> DIRECTIONS = List.of("LeafDials", "SeedDials");
    /** Storage resource of InterconnectRequests. */
    public static final String INTERCONNECT_REQUESTS = GROUP + "/interconnectrequests";
    private static final java.util.regex.Pattern USER_NKEY = java.util.regex.Pattern.compile("U[A-Z2-7]{55}");

    public static void register(Registry r) {
        r.register(ResourceType.builder(GROUP, VERSION, "Cluster", "clusters", Cluster.class).clusterScoped().statusSubresource()
                .categories("canopy", "fleet").nameRule(NameRule.DNS1123_LABEL).validator(FleetKinds::validateCluster)
                .columns(Column.of("READY", "Whether the cluster is ready", o -> BuiltinKinds.condition(o, "Ready")),
                        Column.path("DRIVER", "The agent's driver (simulated or kubernetes)", "status.driver"),
                        Column.path("VERSION", "Kubernetes version", "status.kubernetesVersion"),
                        Column.path("NODES", "Nodes", "status.nodeCount"),
                        Column.path("LAST-HEARTBEAT", "When the agent was last heard from", "status.lastHeartbeat"),
                        Column.wide("CONNECTED", "Whether the agent is connected", o -> BuiltinKinds.condition(o, "Connected")),
                        Column.wide("SYNCED", "Whether the cluster has applied the latest desired state", o -> BuiltinKinds.condition(o, "Synced")),
                        Column.wide("AGENT", "Agent version", o -> Objects.text(o, "status.agentVersion")))
                .build());
        r.register(ResourceType.builder(GROUP, VERSION, "InterconnectRequest", "interconnectrequests", InterconnectRequest.class)
                .clusterScoped().statusSubresource().categories("canopy", "fleet").nameRule(NameRule.DNS1123_LABEL)
                .validator(FleetKinds::validateInterconnect)
                .columns(Column.path("PHASE", "Pending, Approved, Refused or Revoked", "status.phase"),
                        Column.of("APPROVED", "spec.approved", o -> Objects.text(o, "spec.approved")),
                        Column.of("LABELS", "Labels the Cluster gets", o -> labels(o.path("spec").path("labels"))),
                        Column.path("DRIVER", "The agent's driver", "spec.facts.driver"),
                        Column.wide("REASON", "Why it is in this phase", o -> Objects.text(o, "status.reason")),
                        Column.wide("PUBLIC-KEY", "The agent's public nkey", o -> Objects.text(o, "spec.publicKey")))
                .build());
        r.register(ResourceType.builder(GROUP, VERSION, "BootstrapToken", "bootstraptokens", BootstrapToken.class)
                .clusterScoped().createOnly().build());
        r.register(ResourceType.builder(GROUP, VERSION, "TrunkConfig", "trunkconfigs", TrunkConfig.class)
                .clusterScoped().createOnly().build());
    }

    private static String labels(JsonNode l) {
        List<String> out = new ArrayList<>();
        l.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(",", out);
    }

    static List<FieldError> validateInterconnect(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = o.path("spec");
        String key = spec.path("publicKey").asText("");
        if (key.isEmpty()) errs.add(FieldError.required("spec.publicKey", "the agent's public user nkey (U followed by 55 base32 characters)"));
        else if (!USER_NKEY.matcher(key).matches()) errs.add(FieldError.invalid("spec.publicKey", key, "must be a public user nkey: U followed by 55 base32 characters"));
        if (old != null) {
            if (!key.equals(old.path("spec").path("publicKey").asText(""))) errs.add(FieldError.forbidden("spec.publicKey", "field is immutable"));
            String phase = old.path("status").path("phase").asText("");
            if (spec.path("approved").asBoolean(false) && (InterconnectRequest.REVOKED.equals(phase) || InterconnectRequest.REFUSED.equals(phase))) {
                errs.add(FieldError.forbidden("spec.approved", "the request was " + phase.toLowerCase()
                        + "; it cannot be approved again (delete it and let the agent sign up again with a new key and token)"));
            }
        }
        JsonNode labels = spec.path("labels");
        labels.fields().forEachRemaining(e -> {
            if (!LABEL_KEY.matcher(e.getKey()).matches()) errs.add(FieldError.invalid("spec.labels", e.getKey(), "must be a label key (an optional DNS prefix and '/', then a name of at most 63 alphanumerics, '-', '_' or '.')"));
            if (!LABEL_VALUE.matcher(e.getValue().asText("")).matches()) errs.add(FieldError.invalid("spec.labels[" + e.getKey() + "]", e.getValue().asText(), "must be a label value (at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)"));
        });
        return errs;
    }

    private static final java.util.regex.Pattern LABEL_KEY = java.util.regex.Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final java.util.regex.Pattern LABEL_VALUE = java.util.regex.Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

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
