package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * One RBAC rule ({@code rbac.authorization.k8s.io/v1 PolicyRule}) and kube-apiserver's matching
 * semantics ({@code rbac.RuleAllows}): {@code *} wildcards, {@code resource/subresource} and
 * {@code *}/subresource forms, resourceNames, and nonResourceURLs with a trailing {@code *}. Immutable.
 */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
                         List<String> resourceNames, List<String> nonResourceURLs) {
    public static final String ALL = "*";

    public PolicyRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    public static PolicyRule resource(List<String> verbs, List<String> apiGroups, List<String> resources) {
        return new PolicyRule(verbs, apiGroups, resources, List.of(), List.of());
    }

    public static PolicyRule nonResource(List<String> verbs, List<String> urls) {
        return new PolicyRule(verbs, List.of(), List.of(), List.of(), urls);
    }

    /** Whether this rule allows the request (verb, group, resource[/subresource], name, or path). */
    public boolean allows(Attributes a) {
        if (!verbMatches(a.verb())) return false;
        if (!a.resourceRequest()) return nonResourceURLMatches(a.path());
        String combined = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        return apiGroupMatches(a.apiGroup()) && resourceMatches(combined, a.subresource()) && resourceNameMatches(a.name());
    }

    boolean verbMatches(String verb) { return verbs.contains(ALL) || verbs.contains(verb); }

    boolean apiGroupMatches(String group) { return apiGroups.contains(ALL) || apiGroups.contains(group); }

    boolean resourceMatches(String combined, String subresource) {
        for (String r : resources) {
            if (r.equals(ALL) || r.equals(combined)) return true;
            if (!subresource.isEmpty() && r.length() == subresource.length() + 2 && r.startsWith("*/") && r.endsWith(subresource)) {
                return true;
            }
        }
        return false;
    }

    boolean resourceNameMatches(String name) { return resourceNames.isEmpty() || resourceNames.contains(name); }

    boolean nonResourceURLMatches(String path) {
        for (String u : nonResourceURLs) {
            if (u.equals(ALL) || u.equals(path)) return true;
            if (u.endsWith("*") && path.startsWith(u.substring(0, u.length() - 1))) return true;
        }
        return false;
    }

    /** Reads {@code rules[]} of a Role/ClusterRole; missing lists are empty. */
    public static List<PolicyRule> listFrom(JsonNode rules) {
        List<PolicyRule> out = new ArrayList<>();
        if (rules != null && rules.isArray()) {
            for (JsonNode r : rules) {
                out.add(new PolicyRule(strings(r.get("verbs")), strings(r.get("apiGroups")), strings(r.get("resources")),
                        strings(r.get("resourceNames")), strings(r.get("nonResourceURLs"))));
            }
        }
        return out;
    }

    /** The JSON form, omitting empty lists as Kubernetes does. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        put(o, "verbs", verbs, true);
        put(o, "apiGroups", apiGroups, false);
        put(o, "resources", resources, false);
        put(o, "resourceNames", resourceNames, false);
        put(o, "nonResourceURLs", nonResourceURLs, false);
        return o;
    }

    public static ArrayNode toJson(List<PolicyRule> rules) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        rules.forEach(r -> a.add(r.toJson()));
        return a;
    }

    private static void put(ObjectNode o, String field, List<String> values, boolean always) {
        if (values.isEmpty() && !always) return;
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }

    static List<String> strings(JsonNode n) {
        if (n == null || !n.isArray()) return List.of();
        List<String> out = new ArrayList<>(n.size());
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
