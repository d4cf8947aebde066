package dev.canopy.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore.Subresource;
import dev.canopy.store.ResourceStore.UpdateOptions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The object semantics of kube-apiserver's generic registry, as pure functions from (current, request)
 * to what to write. Stateless and thread-safe; the writer applies the outcome and assigns revisions.
 */
final class ObjectRules {
    private ObjectRules() {}

    static final String CONFLICT = "the object has been modified; please apply your changes to the latest version and try again";
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a write request decided. */
    sealed interface Outcome permits Store, Remove, Unchanged {}

    /** Write {@code object} (resourceVersion is filled by the writer). */
    record Store(ObjectNode object) implements Outcome {}

    /** Remove the object; {@code last} is its final state. */
    record Remove(ObjectNode last) implements Outcome {}

    /** Nothing to write; answer {@code current}. */
    record Unchanged(ObjectNode current) implements Outcome {}

    /** "core/configmaps" → "configmaps"; "tenancy.canopy.dev/tenants" → "tenants.tenancy.canopy.dev". */
    static String groupResource(String resource) {
        int slash = resource.indexOf('/');
        if (slash < 0) return resource;
        String group = resource.substring(0, slash);
        String plural = resource.substring(slash + 1);
        return group.isEmpty() || group.equals("core") ? plural : plural + "." + group;
    }

    static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    static String randomSuffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) sb.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        return sb.toString();
    }

    /** The name a create will use: the key's, else metadata.name, else generateName + suffix. */
    static String nameForCreate(ResourceKey key, ObjectNode object) {
        if (!key.name().isEmpty()) return key.name();
        String name = Objects.name(object);
        if (!name.isEmpty()) return name;
        String generate = Objects.text(object, "metadata.generateName");
        if (generate.isEmpty())
            throw ApiException.invalid(groupResource(key.resource()), "", FieldError.required("metadata.name", "name or generateName is required"));
        return generate + randomSuffix();
    }

    /** A new object as create stores it (revision still to be filled). */
    static ObjectNode forCreate(ResourceKey key, ObjectNode request) {
        ObjectNode o = request.deepCopy();
        ObjectNode m = Objects.metadata(o);
        m.put("name", key.name());
        setNamespace(m, key);
        m.put("uid", UUID.randomUUID().toString());
        m.put("creationTimestamp", now());
        m.put("generation", 1);
        m.remove("resourceVersion");
        m.remove("deletionTimestamp");
        m.remove("deletionGracePeriodSeconds");
        return o;
    }

    static Outcome forUpdate(ResourceKey key, ObjectNode current, ObjectNode request, UpdateOptions options) {
        String rv = Objects.resourceVersion(request);
        if (!rv.isEmpty() && !rv.equals(Objects.resourceVersion(current)))
            throw ApiException.conflict(groupResource(key.resource()), key.name(), CONFLICT);
        ObjectNode next;
        if (options.subresource() == Subresource.STATUS) {
            next = current.deepCopy();
            JsonNode status = request.get("status");
            if (status == null || status.isNull()) next.remove("status");
            else next.set("status", status.deepCopy());
        } else {
            next = request.deepCopy();
            if (options.statusSubresource()) {
                JsonNode status = current.get("status");
                if (status == null) next.remove("status");
                else next.set("status", status.deepCopy());
            }
        }
        return replace(key, current, next);
    }

    /** Create-or-replace without a resourceVersion check (transact's Put). */
    static Outcome forPut(ResourceKey key, ObjectNode current, ObjectNode request) {
        if (current == null) return new Store(forCreate(key, request));
        return replace(key, current, request.deepCopy());
    }

    /** Keeps the system-owned metadata of {@code current}, bumps generation, handles the last finalizer. */
    private static Outcome replace(ResourceKey key, ObjectNode current, ObjectNode next) {
        ObjectNode cm = (ObjectNode) current.get("metadata");
        ObjectNode m = Objects.metadata(next);
        m.put("name", key.name());
        setNamespace(m, key);
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion")) {
            JsonNode v = cm.get(f);
            if (v == null) m.remove(f);
            else m.set(f, v.deepCopy());
        }
        // keep the stored node when unchanged: IntNode(1) and LongNode(1) differ, which would defeat the no-op check
        JsonNode generation = cm.get("generation");
        if (specChanged(current, next)) m.put("generation", (generation == null ? 1 : generation.asLong()) + 1);
        else if (generation != null) m.set("generation", generation.deepCopy());
        if (Objects.deleting(next) && Objects.finalizers(next).isEmpty()) return new Remove(next);
        if (next.equals(current)) return new Unchanged(current);
        return new Store(next);
    }

    static Outcome forDelete(ResourceKey key, ObjectNode current, String preconditionUid, String preconditionRv) {
        String gr = groupResource(key.resource());
        if (preconditionUid != null && !preconditionUid.equals(Objects.uid(current)))
            throw ApiException.conflict(gr, key.name(), "Precondition failed: UID in precondition: " + preconditionUid
                    + ", UID in object meta: " + Objects.uid(current));
        if (preconditionRv != null && !preconditionRv.equals(Objects.resourceVersion(current)))
            throw ApiException.conflict(gr, key.name(), "Precondition failed: ResourceVersion in precondition: " + preconditionRv
                    + ", ResourceVersion in object meta: " + Objects.resourceVersion(current));
        if (Objects.finalizers(current).isEmpty()) return new Remove(current.deepCopy());
        if (Objects.deleting(current)) return new Unchanged(current);
        ObjectNode next = current.deepCopy();
        ObjectNode m = Objects.metadata(next);
        m.put("deletionTimestamp", now());
        m.put("deletionGracePeriodSeconds", 0);
        return new Store(next);
    }

    /** Whether anything outside metadata and status differs (the generation rule). */
    static boolean specChanged(ObjectNode a, ObjectNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        x.remove(List.of("metadata", "status"));
        y.remove(List.of("metadata", "status"));
        return !x.equals(y);
    }

    /** The owner uids of ownerReferences; a malformed uid maps to a uuid no object has, so GC treats it as gone. */
    static List<UUID> ownerUids(ObjectNode object) {
        List<UUID> out = new ArrayList<>();
        JsonNode refs = Objects.at(object, "metadata.ownerReferences");
        if (refs instanceof ArrayNode a) {
            for (JsonNode r : a) {
                String uid = r.path("uid").asText("");
                try {
                    out.add(UUID.fromString(uid));
                } catch (IllegalArgumentException e) {
                    out.add(UUID.nameUUIDFromBytes(uid.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    private static void setNamespace(ObjectNode m, ResourceKey key) {
        if (key.namespace().isEmpty()) m.remove("namespace");
        else m.put("namespace", key.namespace());
    }
}
