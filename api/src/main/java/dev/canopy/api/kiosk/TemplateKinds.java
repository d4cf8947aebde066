package dev.canopy.api.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Column;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Registers kiosk's {@link Template} (cluster-scoped) and {@link TemplateInstance} (namespaced, with a status
 * subresource) under {@code tenancy.canopy.dev/v1alpha1}, each also served as kiosk's
 * {@code config.kiosk.sh/v1alpha1}, so kiosk's manifests apply unchanged. The validators here are the pure
 * rules (shapes, names, regexes, immutability); what needs the store (the Template exists, parameter values
 * fit it) is server admission. Stateless; call once while building the registry.
 */
public final class TemplateKinds {
    private TemplateKinds() {}

    public static final String GROUP = BuiltinKinds.TENANCY;
    public static final String VERSION = "v1alpha1";
    public static final String KIOSK = "config.kiosk.sh/v1alpha1";
    /** Storage resources (as used by the store's keys). */
    public static final String TEMPLATES = GROUP + "/templates";
    public static final String TEMPLATE_INSTANCES = GROUP + "/templateinstances";
    /** {@code status.status} values. */
    public static final String PENDING = "Pending", DEPLOYED = "Deployed", FAILED = "Failed";
    /**
     * Annotation on a Template allowing it to create cluster-scoped objects ({@code "true"}); only platform
     * admins may set it (server admission), because templates apply with the platform's identity.
     */
    public static final String ALLOW_CLUSTER_SCOPED = "tenancy.canopy.dev/allow-cluster-scoped";
    /**
     * Kinds that live outside namespaces. A template object of one of these keeps no namespace and needs
     * {@link #ALLOW_CLUSTER_SCOPED}; every other object is put into the instance's namespace.
     */
    public static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
            "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass", "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "APIService",
            "PodSecurityPolicy", "CSIDriver", "VolumeSnapshotClass", "Node", "CertificateSigningRequest");

    public static boolean allowsClusterScoped(JsonNode template) {
        return "true".equals(template.path("metadata").path("annotations").path(ALLOW_CLUSTER_SCOPED).asText(""));
    }

    /** Parameter names kiosk accepts in {@code ${...}}. */
    public static final Pattern PARAMETER_NAME = Pattern.compile("^[a-zA-Z0-9_.\\-]+$");

    public static void register(Registry r) {
        r.register(ResourceType.builder(GROUP, VERSION, "Template", "templates", Template.class).clusterScoped()
                .categories("canopy", "kiosk").validator((o, old) -> validateTemplate(o))
                .columns(Column.of("SOURCE", "Manifests and/or Helm chart", TemplateKinds::source),
                        new Column("PARAMETERS", "integer", "Number of parameters", 0, o -> o.path("parameters").size()))
                .build(), KIOSK);
        r.register(ResourceType.builder(GROUP, VERSION, "TemplateInstance", "templateinstances", TemplateInstance.class)
                .statusSubresource().categories("canopy", "kiosk").validator(TemplateKinds::validateInstance)
                .columns(Column.path("TEMPLATE", "The Template instantiated", "spec.template"),
                        Column.of("SYNC", "Whether Template changes are applied", o -> o.path("spec").path("sync").asBoolean(false) ? "true" : "false"),
                        Column.path("STATUS", "Pending, Deployed or Failed", "status.status"),
                        Column.path("REASON", "Why it failed", "status.reason"),
                        Column.wide("TEMPLATE-VERSION", "The Template's resourceVersion last rendered", o -> Objects.text(o, "status.templateResourceVersion")),
                        Column.wide("MESSAGE", "What failed", o -> Objects.text(o, "status.message")))
                .build(), KIOSK);
    }

    private static String source(ObjectNode o) {
        List<String> s = new ArrayList<>();
        int n = o.path("resources").path("manifests").size();
        if (n > 0) s.add(n + " manifest" + (n == 1 ? "" : "s"));
        JsonNode chart = o.path("resources").path("helm").path("chart");
        if (chart.has("repository")) s.add("helm " + Objects.text(chart, "repository.name"));
        else if (chart.has("path")) s.add("helm " + Objects.text(chart, "path"));
        return s.isEmpty() ? "<none>" : String.join(", ", s);
    }

    /** The Template's own rules: parameter names and regexes, defaults fitting them, manifest shapes, a Helm source. */
    public static List<FieldError> validateTemplate(ObjectNode t) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode params = t.path("parameters");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            JsonNode p = params.get(i);
            String path = "parameters[" + i + "]";
            String name = p.path("name").asText("");
            if (name.isEmpty()) errs.add(FieldError.required(path + ".name", "a parameter needs a name"));
            else if (!PARAMETER_NAME.matcher(name).matches()) {
                errs.add(FieldError.invalid(path + ".name", name, "may contain only letters, digits, '_', '.' and '-'"));
            } else if (!seen.add(name)) errs.add(new FieldError(path + ".name", "FieldValueDuplicate", "Duplicate value: \"" + name + "\""));
            String regex = p.path("validation").asText("");
            if (!regex.isEmpty()) {
                try {
                    Pattern re = Pattern.compile(regex);
                    if (p.hasNonNull("value") && !re.matcher(p.get("value").asText()).find()) {
                        errs.add(FieldError.invalid(path + ".value", p.get("value").asText(), "does not match the parameter's validation " + regex));
                    }
                } catch (PatternSyntaxException e) {
                    errs.add(FieldError.invalid(path + ".validation", regex, "not a regular expression: " + e.getDescription()));
                }
            }
        }
        JsonNode manifests = t.path("resources").path("manifests");
        for (int i = 0; i < manifests.size(); i++) {
            JsonNode m = manifests.get(i);
            String path = "resources.manifests[" + i + "]";
            for (String f : List.of("apiVersion", "kind")) {
                if (m.path(f).asText("").isEmpty()) errs.add(FieldError.required(path + "." + f, "every manifest is a Kubernetes object"));
            }
            if (Objects.name(m).isEmpty()) errs.add(FieldError.required(path + ".metadata.name", "every manifest is a Kubernetes object"));
            if (CLUSTER_SCOPED.contains(m.path("kind").asText("")) && !allowsClusterScoped(t)) {
                errs.add(FieldError.forbidden(path + ".kind", m.path("kind").asText() + " is cluster-scoped; templates create objects in the instance's namespace "
                        + "unless a platform admin annotates the Template " + ALLOW_CLUSTER_SCOPED + "=true"));
            }
        }
        JsonNode helm = t.path("resources").path("helm");
        if (helm.isObject()) {
            JsonNode chart = helm.path("chart");
            boolean repo = chart.path("repository").isObject(), local = !chart.path("path").asText("").isEmpty();
            if (repo == local) {
                errs.add(FieldError.required("resources.helm.chart", "exactly one of chart.repository (a chart repository) or chart.path (a chart directory or .tgz on the seed)"));
            }
            if (repo) {
                if (chart.path("repository").path("name").asText("").isEmpty()) {
                    errs.add(FieldError.required("resources.helm.chart.repository.name", "the chart's name in the repository"));
                }
                String url = chart.path("repository").path("repoUrl").asText("");
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    errs.add(FieldError.invalid("resources.helm.chart.repository.repoUrl", url, "must be an http:// or https:// chart repository URL"));
                }
            }
            JsonNode sets = helm.path("setValues");
            for (int i = 0; i < sets.size(); i++) {
                if (sets.get(i).path("name").asText("").isEmpty()) {
                    errs.add(FieldError.required("resources.helm.setValues[" + i + "].name", "the value's path, e.g. image.tag"));
                }
            }
        }
        return errs;
    }

    /** The instance's own rules: a template name (immutable), named and unique parameters. */
    public static List<FieldError> validateInstance(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String template = o.path("spec").path("template").asText("");
        if (template.isEmpty()) errs.add(FieldError.required("spec.template", "the name of the Template to instantiate"));
        if (old != null && !template.equals(old.path("spec").path("template").asText(""))) {
            errs.add(FieldError.invalid("spec.template", template, "field is immutable"));
        }
        JsonNode params = o.path("spec").path("parameters");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).path("name").asText("");
            String path = "spec.parameters[" + i + "].name";
            if (name.isEmpty()) errs.add(FieldError.required(path, "the name of a parameter the Template declares"));
            else if (!seen.add(name)) errs.add(new FieldError(path, "FieldValueDuplicate", "Duplicate value: \"" + name + "\""));
        }
        return errs;
    }
}
