package dev.canopy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The shared Jackson mappers. Objects travel through the server and the store as {@link ObjectNode}s
 * (like Kubernetes' "unstructured"); typed records are for validation, schemas and rules.
 * Thread-safe: mappers are configured once and never changed.
 */
public final class Json {
    private Json() {}

    /**
     * Jackson's buffers are recycled through a shared pool, not its default thread-local one: requests run on
     * virtual threads, each new, so thread-local recycling allocated fresh read and write buffers for every request
     * (an eighth of a get's allocation in {@code canopy bench api}).
     */
    private static com.fasterxml.jackson.core.util.RecyclerPool<com.fasterxml.jackson.core.util.BufferRecycler> buffers() {
        return com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool();
    }

    public static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder().recyclerPool(buffers()).build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    public static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().recyclerPool(buffers())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    public static ObjectNode toObject(Object value) { return MAPPER.valueToTree(value); }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON; a syntax error becomes a 400 naming line and column. */
    public static ObjectNode parseObject(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || !n.isObject()) throw ApiException.badRequest("request body must be a JSON object");
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage() + locationOf(e));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("cannot read request body: " + e.getMessage());
        }
    }

    /** Parses YAML (a single document); a syntax error becomes a 400 naming line and column. */
    public static JsonNode parseYaml(byte[] body) {
        try {
            return YAML.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed YAML: " + e.getOriginalMessage() + locationOf(e));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("cannot read request body: " + e.getMessage());
        }
    }

    private static String locationOf(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
