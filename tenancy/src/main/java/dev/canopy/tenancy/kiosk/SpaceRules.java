package dev.canopy.tenancy.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.api.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure rules of kiosk's Space flow: the space limit, where a Space is placed, the metadata a Space and its
 * namespace get, and the RoleBinding of the account's subjects. No I/O; deterministic; thread-safe.
 */
public final class SpaceRules {
    private SpaceRules() {}

    /** Name of the RoleBinding that binds the account's {@code spec.space.clusterRole} in each Space. */
    public static final String OWNERS_BINDING = "space-owners";

    /** 403 when {@code count} Spaces already use up {@code limit} (kiosk: {@code count >= limit}); unset = unlimited. */
    public static Optional<ApiException> limitReached(JsonNode account, int count) {
        JsonNode limit = Objects.at(account, "spec.space.limit");
        if (!limit.isNumber() || count < limit.asInt()) return Optional.empty();
        return Optional.of(ApiException.forbidden("space limit of " + limit.asInt() + " reached for account " + Objects.name(account)));
    }

    /**
     * The Cluster a new Space goes to: the Space's {@code spec.cluster}; else the account's
     * {@code spec.space.cluster}; else the first Ready cluster (by name) matching the account's
     * {@code spec.space.clusterSelector}; else the only Ready cluster ({@link #ready}). A named cluster must exist (it need not
     * be Ready yet: the Space waits there). Refused with 422 naming the field and what would be allowed.
     */
    public static String chooseCluster(String space, String requested, JsonNode account, List<ObjectNode> clusters) {
        Map<String, ObjectNode> byName = new TreeMap<>();
        for (ObjectNode c : clusters) if (!Objects.deleting(c)) byName.put(Objects.name(c), c);
        List<String> ready = byName.values().stream().filter(SpaceRules::ready).map(Objects::name).toList();
        if (requested != null && !requested.isEmpty()) {
            if (!byName.containsKey(requested)) throw invalid(space, FieldError.notSupported("spec.cluster", requested, byName.keySet()));
            return requested;
        }
        String accountCluster = Objects.text(account, "spec.space.cluster");
        if (!accountCluster.isEmpty()) {
            if (!byName.containsKey(accountCluster)) {
                throw invalid(space, FieldError.invalid("spec.cluster", "", "account " + Objects.name(account) + " places spaces on cluster \""
                        + accountCluster + "\", which does not exist; name one of " + byName.keySet() + " in spec.cluster"));
            }
            return accountCluster;
        }
        JsonNode sel = Objects.at(account, "spec.space.clusterSelector");
        if (sel.isObject()) {
            LabelSelector selector = LabelSelector.fromJson(sel);
            for (String name : ready) if (selector.matches(Objects.labels(byName.get(name)))) return name;
            throw invalid(space, FieldError.invalid("spec.cluster", "", "no Ready cluster matches account " + Objects.name(account)
                    + "'s spec.space.clusterSelector (" + selector + "); Ready clusters: " + ready));
        }
        if (ready.size() == 1) return ready.get(0);
        if (ready.isEmpty()) {
            throw invalid(space, FieldError.required("spec.cluster", "there is no Ready cluster to place the space on"
                    + (byName.isEmpty() ? " (no cluster is registered)" : "; name one of " + byName.keySet())));
        }
        throw invalid(space, FieldError.required("spec.cluster", ready.size() + " clusters are Ready " + ready
                + ": name one here, or give account " + Objects.name(account) + " a spec.space.cluster or clusterSelector"));
    }

    /**
     * Whether a cluster can take Spaces now: its {@code Ready} condition is True (connected and its last apply
     * did not fail; it stays True while the cluster catches up with newer desired state, which {@code Synced}
     * shows).
     */
    static boolean ready(ObjectNode cluster) {
        for (JsonNode c : Objects.at(cluster, "status.conditions")) {
            if (c.path("type").asText().equals("Ready")) return "True".equals(c.path("status").asText());
        }
        return false;
    }

    private static ApiException invalid(String space, FieldError e) { return ApiException.invalid("Space", space, e); }

    /**
     * Labels of a Space (and its namespace): the Space's own, the account's spaceTemplate labels over them (as
     * kiosk merges them, and so a template change reaches existing Spaces the same way), then the account and
     * cluster labels, which nobody overrides.
     */
    public static Map<String, String> labels(JsonNode account, Map<String, String> own, String cluster) {
        Map<String, String> out = new TreeMap<>(own);
        out.putAll(Objects.stringMap(Objects.at(account, "spec.space.spaceTemplate.metadata.labels")));
        out.put(SpaceLabels.ACCOUNT, Objects.name(account));
        out.put(SpaceLabels.KIOSK_ACCOUNT, Objects.name(account));
        if (cluster != null && !cluster.isEmpty()) out.put(SpaceLabels.CLUSTER, cluster);
        return out;
    }

    /** Annotations of a Space: its own, with the account's spaceTemplate annotations over them. */
    public static Map<String, String> annotations(JsonNode account, Map<String, String> own) {
        Map<String, String> out = new TreeMap<>(own);
        out.putAll(Objects.stringMap(Objects.at(account, "spec.space.spaceTemplate.metadata.annotations")));
        return out;
    }

    /** The ClusterRole bound in each Space: {@code spec.space.clusterRole}, default admin; empty = none. */
    public static Optional<String> clusterRole(JsonNode account) {
        JsonNode r = Objects.at(account, "spec.space.clusterRole");
        if (r.isMissingNode() || r.isNull()) return Optional.of(KioskKinds.DEFAULT_CLUSTER_ROLE);
        return r.asText().isEmpty() ? Optional.empty() : Optional.of(r.asText());
    }

    /** The owners RoleBinding of a Space, or empty when the account binds no role or has no subjects. */
    public static Optional<ObjectNode> ownersBinding(JsonNode account, String namespace) {
        Optional<String> role = clusterRole(account);
        JsonNode subjects = Objects.at(account, "spec.subjects");
        if (role.isEmpty() || !subjects.isArray() || subjects.isEmpty()) return Optional.empty();
        ObjectNode rb = Json.object();
        rb.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "RoleBinding");
        ObjectNode md = rb.putObject("metadata").put("name", OWNERS_BINDING).put("namespace", namespace);
        md.putObject("labels").put(SpaceLabels.ACCOUNT, Objects.name(account));
        rb.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole").put("name", role.get());
        var arr = rb.putArray("subjects");
        for (JsonNode s : subjects) {
            ObjectNode x = arr.addObject();
            String kind = s.path("kind").asText();
            x.put("kind", kind);
            if (!kind.equals("ServiceAccount")) x.put("apiGroup", "rbac.authorization.k8s.io");
            x.put("name", s.path("name").asText());
            if (kind.equals("ServiceAccount")) x.put("namespace", s.path("namespace").asText());
        }
        return Optional.of(rb);
    }

    /** The TemplateInstances the account puts in each new Space, before rendering (name = metadata.name, else the template's). */
    public static List<ObjectNode> templateInstances(JsonNode account, String namespace) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode t : Objects.at(account, "spec.space.templateInstances")) {
            ObjectNode ti = Json.object();
            ti.put("apiVersion", KioskKinds.GROUP + "/" + KioskKinds.VERSION).put("kind", "TemplateInstance");
            ObjectNode md = t.path("metadata").isObject() ? ((ObjectNode) t.get("metadata")).deepCopy() : Json.object();
            String name = md.path("name").asText("");
            if (name.isEmpty()) md.put("name", t.path("spec").path("template").asText());
            md.put("namespace", namespace);
            ti.set("metadata", md);
            ti.set("spec", t.path("spec").deepCopy());
            out.add(ti);
        }
        return out;
    }
}
