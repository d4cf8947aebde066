package dev.canopy.server.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The validation and admission chain every write passes, in order:
 * <ol>
 *   <li>body shape: apiVersion/kind match the URL, the namespace matches the URL, strict schema
 *       (unknown fields and wrong types, per {@code fieldValidation}: Strict (default), Warn, Ignore);</li>
 *   <li>name rules of the kind (DNS-1123 label/subdomain, RBAC path segments), generateName, immutable
 *       metadata on update;</li>
 *   <li>the kind's own {@link dev.canopy.api.ObjectValidator};</li>
 *   <li>the registered {@link AdmissionPlugin}s (namespace lifecycle, tenancy, quotas ...), in registration order.</li>
 * </ol>
 * Thread-safe. Nothing is written when any step refuses.
 */
public final class Admission {
    private final SchemaCheck schema;
    private final List<AdmissionPlugin> plugins = new CopyOnWriteArrayList<>();

    public Admission(SchemaCheck schema) { this.schema = schema; }

    public Admission add(AdmissionPlugin p) { plugins.add(p); return this; }

    /**
     * Checks a decoded request body before it becomes the object to store.
     *
     * @param fieldValidation "Strict" (default), "Warn" or "Ignore"
     */
    public void checkBody(ResourceType type, JsonNode body, String urlNamespace, String fieldValidation, List<String> warnings) {
        String apiVersion = body.path("apiVersion").asText("");
        String kind = body.path("kind").asText("");
        List<FieldError> errs = new ArrayList<>();
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
                    + type.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind (" + type.kind()
                    + ") for " + type.groupResource());
        }
        String ns = Objects.namespace(body);
        if (type.namespaced() && !ns.isEmpty() && !urlNamespace.isEmpty() && !ns.equals(urlNamespace)) {
            throw ApiException.badRequest("the namespace of the provided object (" + ns + ") does not match the namespace sent on the request ("
                    + urlNamespace + ")");
        }
        String mode = fieldValidation == null || fieldValidation.isEmpty() ? "Strict" : fieldValidation;
        switch (mode) {
            case "Strict", "Warn", "Ignore" -> { }
            default -> throw ApiException.badRequest("fieldValidation: unsupported value \"" + mode + "\": supported values: \"Strict\", \"Warn\", \"Ignore\"");
        }
        if (!mode.equals("Ignore")) errs.addAll(schema.check(type, body));
        if (!errs.isEmpty()) {
            if (mode.equals("Warn")) {
                errs.forEach(e -> warnings.add(e.toString()));
            } else {
                StringBuilder sb = new StringBuilder("strict decoding error: ");
                for (int i = 0; i < errs.size(); i++) sb.append(i > 0 ? ", " : "").append(errs.get(i));
                throw new ApiException(400, "BadRequest", sb.toString(), type.kind(), Objects.name(body), errs);
            }
        }
    }

    /** Runs name/metadata rules, the kind's validator and the plugins. */
    public void admit(AdmissionRequest req) {
        ResourceType type = req.context().type();
        ObjectNode obj = req.object();
        List<FieldError> errs = new ArrayList<>();
        if (req.operation() != Operation.DELETE) {
            String name = Objects.name(obj);
            String generateName = Objects.text(obj, "metadata.generateName");
            if (name.isEmpty() && generateName.isEmpty()) {
                errs.add(FieldError.required("metadata.name", "name or generateName is required"));
            } else if (!name.isEmpty()) {
                type.nameRule().check(name).ifPresent(why -> errs.add(FieldError.invalid("metadata.name", name, why)));
            } else {
                type.nameRule().check(generateName + "x").ifPresent(why -> errs.add(FieldError.invalid("metadata.generateName", generateName, why)));
            }
            metadataRules(obj, errs);
            if (req.operation() == Operation.UPDATE && req.old() != null) immutable(req.old(), obj, errs);
            errs.addAll(type.validator().validate(obj, req.old()));
            if (!errs.isEmpty()) throw ApiException.invalid(type.kind(), name.isEmpty() ? generateName : name, errs);
        }
        for (AdmissionPlugin p : plugins) p.admit(req);
    }

    private static void metadataRules(ObjectNode obj, List<FieldError> errs) {
        Objects.labels(obj).forEach((k, v) -> {
            LabelSyntax.key(k).ifPresent(why -> errs.add(FieldError.invalid("metadata.labels", k, why)));
            LabelSyntax.value(v).ifPresent(why -> errs.add(FieldError.invalid("metadata.labels", v, why)));
        });
        Objects.annotations(obj).keySet().forEach(k ->
                LabelSyntax.key(k).ifPresent(why -> errs.add(FieldError.invalid("metadata.annotations", k, why))));
        long total = Objects.annotations(obj).entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length()).sum();
        if (total > 256 * 1024) errs.add(FieldError.invalid("metadata.annotations", "...", "may not have more than 262144 bytes in total"));
    }

    private static void immutable(ObjectNode old, ObjectNode obj, List<FieldError> errs) {
        String oldUid = Objects.uid(old), uid = Objects.uid(obj);
        if (!uid.isEmpty() && !uid.equals(oldUid)) errs.add(FieldError.invalid("metadata.uid", uid, "field is immutable"));
        String oldCt = Objects.text(old, "metadata.creationTimestamp"), ct = Objects.text(obj, "metadata.creationTimestamp");
        if (!ct.isEmpty() && !ct.equals(oldCt)) errs.add(FieldError.invalid("metadata.creationTimestamp", ct, "field is immutable"));
    }
}
