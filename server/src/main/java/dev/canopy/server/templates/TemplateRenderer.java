package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.kiosk.TemplateRendering;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.tenancy.templates.TemplateContext;
import dev.canopy.tenancy.templates.TemplateEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The seed's {@link TemplateRendering}: reads the Template (and the namespace's Account, for the
 * {@code ACCOUNT} built-ins) from the store, checks and substitutes parameters ({@link TemplateEngine}),
 * renders the Helm chart ({@link HelmRenderer}) and puts every object into the instance's namespace.
 * Manifests come first, then the chart's objects. Writes nothing; thread-safe (Helm renders are serialized).
 *
 * <p>Errors: 404 when the Template is missing; 422 with causes at {@code spec.parameters[i]…} for parameters,
 * at {@code resources.manifests[i]…} for a built-in that cannot be resolved, and at {@code resources.helm}
 * with Helm's message for a chart that cannot be fetched or rendered.
 */
public final class TemplateRenderer implements TemplateRendering {
    /** Storage of kiosk Accounts (the other kiosk kinds' package registers them). */
    static final String ACCOUNTS = TemplateKinds.GROUP + "/accounts";
    private final ResourceStore store;
    private final HelmRenderer helm;

    public TemplateRenderer(ResourceStore store, HelmRenderer helm) {
        this.store = store;
        this.helm = helm;
    }

    @Override
    public Rendered render(ObjectNode instance, ObjectNode namespace) {
        String name = instance.path("spec").path("template").asText("");
        ObjectNode template = store.get(ResourceKey.cluster(TemplateKinds.TEMPLATES, name))
                .orElseThrow(() -> ApiException.notFound("templates.tenancy.canopy.dev", name));
        String ns = Objects.name(namespace);
        ObjectNode account = null;
        String accountName = Objects.labels(namespace).getOrDefault(SpaceLabels.ACCOUNT, Objects.labels(namespace).get(SpaceLabels.KIOSK_ACCOUNT));
        if (accountName != null && !accountName.isEmpty()) account = store.get(ResourceKey.cluster(ACCOUNTS, accountName)).orElse(null);
        TemplateContext ctx = TemplateContext.of(namespace, account, SpaceLabels.ACCOUNT, SpaceLabels.KIOSK_ACCOUNT);
        TemplateEngine.Prepared p = TemplateEngine.prepare(template, instance, ctx);
        List<ObjectNode> objects = new ArrayList<>(TemplateEngine.manifests(p, ns));
        JsonNode h = template.path("resources").path("helm");
        if (h.isObject()) {
            List<ObjectNode> chart = helm(p, h, instance, name, ns);
            for (ObjectNode o : chart) {
                String kind = o.path("kind").asText();
                if (TemplateKinds.CLUSTER_SCOPED.contains(kind) && !TemplateKinds.allowsClusterScoped(template)) {
                    throw ApiException.invalid("TemplateInstance", Objects.name(instance), new FieldError("resources.helm", "FieldValueForbidden",
                            "template " + name + ": Helm: the chart renders cluster-scoped " + kind + " " + Objects.name(o)
                                    + "; only a Template annotated " + TemplateKinds.ALLOW_CLUSTER_SCOPED + "=true (by a platform admin) may create cluster-scoped objects"));
                }
            }
            objects.addAll(TemplateEngine.place(chart, ns));
        }
        return new Rendered(objects, Objects.resourceVersion(template));
    }

    private List<ObjectNode> helm(TemplateEngine.Prepared p, JsonNode h, ObjectNode instance, String templateName, String ns) {
        String values = TemplateEngine.helmValues(p);
        List<HelmRenderer.Set> sets = new ArrayList<>();
        JsonNode sv = h.path("setValues");
        for (int i = 0; i < sv.size(); i++) {
            JsonNode s = sv.get(i);
            sets.add(new HelmRenderer.Set(s.path("name").asText(), TemplateEngine.substituted(p, s.path("value").asText(""), "resources.helm.setValues[" + i + "].value"),
                    s.path("forceString").asBoolean(false)));
        }
        String release = h.path("releaseName").asText("");
        if (release.isEmpty()) release = templateName;
        JsonNode chart = h.path("chart");
        try {
            ChartSource source;
            if (chart.path("repository").isObject()) {
                JsonNode r = chart.path("repository");
                source = new ChartSource.Repository(r.path("repoUrl").asText(), r.path("name").asText(), r.path("version").asText(""),
                        secret(r.path("username"), instance, "resources.helm.chart.repository.username"),
                        secret(r.path("password"), instance, "resources.helm.chart.repository.password"));
            } else {
                source = new ChartSource.Local(Path.of(chart.path("path").asText()));
            }
            return helm.render(release, ns, source, values, sets);
        } catch (HelmRenderer.HelmException e) {
            throw ApiException.invalid("TemplateInstance", Objects.name(instance),
                    new FieldError("resources.helm", "FieldValueInvalid", "template " + templateName + ": Helm: " + e.getMessage()));
        }
    }

    /** A repository credential from a Secret key ({@code namespace} defaults to {@code default}); null when not referenced. */
    private String secret(JsonNode ref, ObjectNode instance, String field) {
        if (!ref.isObject() || ref.path("name").asText("").isEmpty()) return null;
        String ns = ref.path("namespace").asText("");
        if (ns.isEmpty()) ns = "default";
        String key = ref.path("key").asText("");
        ObjectNode secret = store.get(new ResourceKey("core/secrets", ns, ref.path("name").asText())).orElse(null);
        JsonNode data = secret == null ? null : secret.path("data").get(key);
        JsonNode plain = secret == null ? null : secret.path("stringData").get(key);
        if (data != null && data.isTextual()) return new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8);
        if (plain != null && plain.isTextual()) return plain.asText();
        throw ApiException.invalid("TemplateInstance", Objects.name(instance), FieldError.invalid(field, ns + "/" + ref.path("name").asText() + "[" + key + "]",
                "the Secret or its key does not exist"));
    }
}
