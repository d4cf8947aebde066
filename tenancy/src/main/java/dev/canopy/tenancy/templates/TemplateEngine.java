package dev.canopy.tenancy.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.TemplateKinds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pure rule: what a TemplateInstance's manifests and Helm values become, in kiosk's order — parameters
 * resolved and checked ({@link TemplateParameters}), then substituted into every string
 * ({@link Substitution}), then every object placed in the instance's namespace. Helm charts themselves are
 * rendered by the server (they need the chart's files); this class only prepares their values.
 * Bad input is an {@link ApiException} 422 naming the field. Thread-safe, no I/O.
 */
public final class TemplateEngine {
    private TemplateEngine() {}

    /** Kinds that live outside namespaces (see {@link TemplateKinds#CLUSTER_SCOPED}). */
    public static final Set<String> CLUSTER_SCOPED = TemplateKinds.CLUSTER_SCOPED;

    /** A template and an instance whose parameters checked out, ready to substitute. */
    public record Prepared(ObjectNode template, ObjectNode instance, Substitution substitution) {
        String templateName() { return Objects.name(template); }
    }

    /**
     * Checks the instance's parameters against the template.
     *
     * @throws ApiException 422 naming each bad {@code spec.parameters[i]} (undeclared, failing its regex) or the missing required one
     */
    public static Prepared prepare(ObjectNode template, ObjectNode instance, TemplateContext context) {
        TemplateParameters.Result r = TemplateParameters.resolve(Objects.name(template), template.path("parameters"),
                instance.path("spec").path("parameters"), "spec.parameters");
        if (!r.ok()) throw ApiException.invalid("TemplateInstance", Objects.name(instance), r.errors());
        return new Prepared(template, instance, new Substitution(r.values(), context));
    }

    /** The template's {@code resources.manifests}, substituted and placed in {@code namespace}. */
    public static List<ObjectNode> manifests(Prepared p, String namespace) {
        List<FieldError> errors = new ArrayList<>();
        List<ObjectNode> out = new ArrayList<>();
        JsonNode manifests = p.template().path("resources").path("manifests");
        for (int i = 0; i < manifests.size(); i++) {
            JsonNode o = p.substitution().apply(manifests.get(i), "resources.manifests[" + i + "]", errors);
            if (o instanceof ObjectNode obj) out.add(obj);
        }
        fail(p, errors);
        return place(out, namespace);
    }

    /** The Helm {@code values} document with its strings substituted, as YAML ("" when there are none). */
    public static String helmValues(Prepared p) {
        String values = p.template().path("resources").path("helm").path("values").asText("");
        if (values.isBlank()) return "";
        JsonNode tree;
        try {
            tree = Json.YAML.readTree(values);
        } catch (IOException e) {
            throw ApiException.invalid("TemplateInstance", Objects.name(p.instance()), FieldError.invalid("resources.helm.values",
                    "...", "template " + p.templateName() + ": not YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) return "";
        List<FieldError> errors = new ArrayList<>();
        JsonNode out = p.substitution().apply(tree, "resources.helm.values", errors);
        fail(p, errors);
        return Json.yaml(out);
    }

    /** The setValues' values substituted (names are left alone). */
    public static String substituted(Prepared p, String value, String path) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode n = p.substitution().string(value, path, errors);
        fail(p, errors);
        return n.isTextual() ? n.asText() : n.toString();
    }

    /** Puts every object into {@code namespace} (cluster-scoped kinds excepted); drops server-owned metadata. */
    public static List<ObjectNode> place(List<ObjectNode> objects, String namespace) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : objects) {
            ObjectNode c = o.deepCopy();
            ObjectNode md = Objects.metadata(c);
            for (String f : List.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "ownerReferences", "deletionTimestamp")) md.remove(f);
            if (CLUSTER_SCOPED.contains(c.path("kind").asText())) md.remove("namespace");
            else md.put("namespace", namespace);
            out.add(c);
        }
        return out;
    }

    private static void fail(Prepared p, List<FieldError> errors) {
        if (errors.isEmpty()) return;
        List<FieldError> named = errors.stream().map(e -> new FieldError(e.field(), e.type(), e.detail() + " (template " + p.templateName() + ")")).toList();
        throw ApiException.invalid("TemplateInstance", Objects.name(p.instance()), named);
    }
}
