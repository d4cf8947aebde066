package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Small builders for RBAC objects and users in tests. */
final class Fixtures {
    private Fixtures() {}

    static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) Json.YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static UserInfo user(String name, String... groups) {
        List<String> g = new java.util.ArrayList<>(List.of(groups));
        g.add(UserInfo.AUTHENTICATED);
        return new UserInfo(name, "", g, Map.of());
    }

    static UserInfo sa(String ns, String name) {
        return new UserInfo(ServiceAccounts.username(ns, name), "uid-" + name, ServiceAccounts.groups(ns), Map.of());
    }

    /** An in-memory PolicyStore that behaves like the store for create/update conflicts. */
    static final class MemoryPolicyStore implements PolicyStore {
        final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
        int writes;

        @Override public Optional<ObjectNode> get(String r, String name) {
            return Optional.ofNullable(objects.get(r + "/" + name)).map(ObjectNode::deepCopy);
        }

        @Override public void create(String r, ObjectNode o) {
            String k = r + "/" + o.path("metadata").path("name").asText();
            if (objects.containsKey(k)) throw dev.canopy.api.ApiException.alreadyExists(r, k);
            ((ObjectNode) o.get("metadata")).put("resourceVersion", "1");
            objects.put(k, o);
            writes++;
        }

        @Override public void update(String r, ObjectNode o) {
            String k = r + "/" + o.path("metadata").path("name").asText();
            ObjectNode have = objects.get(k);
            if (!have.path("metadata").path("resourceVersion").equals(o.path("metadata").path("resourceVersion"))) {
                throw dev.canopy.api.ApiException.conflict(r, k, "stale");
            }
            ((ObjectNode) o.get("metadata")).put("resourceVersion", String.valueOf(Long.parseLong(have.path("metadata").path("resourceVersion").asText()) + 1));
            objects.put(k, o);
            writes++;
        }
    }
}
