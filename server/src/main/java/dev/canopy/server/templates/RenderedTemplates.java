package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.kiosk.TemplateRendering;
import dev.canopy.store.ResourceKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a TemplateInstance's rendered objects are kept: one internal record per instance, in the store under
 * {@link #RESOURCE} (same namespace and name as the instance), never served by the API (no kind is registered
 * for it), so rendered Secrets and values stay out of users' reach and out of TemplateInstance lists. The
 * fleet source ({@link TemplatePlacement}) reads these records; Helm never runs inside it.
 *
 * <p>A record holds {@code instanceUid} (empty when written by a flow that did not know it yet, e.g. the
 * Space create, which writes instance and record in one transaction), {@code instanceGeneration},
 * {@code templateResourceVersion}, {@code objects} and, when the controller wrote it,
 * {@code namespaceFingerprint} (the namespace's labels and annotations the render saw). Pure helpers; thread-safe.
 */
public final class RenderedTemplates {
    private RenderedTemplates() {}

    public static final String RESOURCE = TemplateKinds.GROUP + "/renderedtemplates";

    public static ResourceKey key(String namespace, String instanceName) { return new ResourceKey(RESOURCE, namespace, instanceName); }

    /** The record for {@code instance} (its namespace and name, uid and generation when it has them). */
    public static ObjectNode record(ObjectNode instance, String namespace, TemplateRendering.Rendered rendered) {
        ObjectNode o = Json.object();
        o.put("apiVersion", TemplateKinds.GROUP + "/" + TemplateKinds.VERSION).put("kind", "RenderedTemplate");
        o.putObject("metadata").put("name", Objects.name(instance)).put("namespace", namespace);
        o.put("instanceUid", Objects.uid(instance));
        o.put("instanceGeneration", instance.path("metadata").path("generation").asLong(0));
        o.put("templateResourceVersion", rendered.templateResourceVersion());
        ArrayNode objects = o.putArray("objects");
        rendered.objects().forEach(objects::add);
        return o;
    }

    /**
     * The write that keeps {@code rendered} for {@code instance}, for a flow that creates the instance in its own
     * transaction (the Space create): put it in the same {@code Command.Decision}, so the objects reach the
     * cluster together with the namespace. Without it the controller renders the instance again shortly after.
     */
    public static dev.canopy.store.Command.Put put(ObjectNode instance, String namespace, TemplateRendering.Rendered rendered) {
        return new dev.canopy.store.Command.Put(key(namespace, Objects.name(instance)), record(instance, namespace, rendered));
    }

    /**
     * What the built-in parameters of an instance in {@code namespace} read: the namespace's labels and
     * annotations (which include its account label). Stored in the record, so that a synced instance renders
     * again when they change.
     */
    public static String namespaceFingerprint(JsonNode namespace) {
        return new java.util.TreeMap<>(Objects.labels(namespace)) + "|" + new java.util.TreeMap<>(Objects.annotations(namespace));
    }

    /** The record with the namespace's fingerprint added. */
    static ObjectNode withFingerprint(ObjectNode record, JsonNode namespace) {
        record.put("namespaceFingerprint", namespaceFingerprint(namespace));
        return record;
    }

    /** Whether {@code record} belongs to {@code instance} (same uid, or written before the uid was known). */
    public static boolean belongsTo(JsonNode record, JsonNode instance) {
        String uid = record.path("instanceUid").asText("");
        return uid.isEmpty() || uid.equals(Objects.uid(instance));
    }

    public static List<ObjectNode> objects(JsonNode record) {
        List<ObjectNode> out = new ArrayList<>();
        record.path("objects").forEach(n -> { if (n instanceof ObjectNode o) out.add(o); });
        return out;
    }

    /** Whether two records carry the same content (the store's metadata aside). */
    public static boolean sameContent(JsonNode a, JsonNode b) {
        for (String f : List.of("instanceUid", "templateResourceVersion", "objects", "namespaceFingerprint")) {
            if (!a.path(f).equals(b.path(f))) return false;
        }
        return a.path("instanceGeneration").asLong() == b.path("instanceGeneration").asLong();
    }
}
