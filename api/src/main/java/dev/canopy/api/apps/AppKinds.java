package dev.canopy.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Column;
import dev.canopy.api.FieldError;
import dev.canopy.api.NameRule;
import dev.canopy.api.ObjectValidator;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Registers the managed apps ({@link Kubernetes}, {@link Postgres}) and tenant services ({@link Etcd},
 * {@link Ingress}, {@link Monitoring}) under {@code apps.canopy.dev/v1alpha1}, each also served as
 * Cozystack's {@code apps.cozystack.io/v1alpha1} with Cozystack's plurals ({@code kuberneteses},
 * {@code postgreses}, {@code etcds}, {@code ingresses}, {@code monitorings}), so Cozystack manifests apply
 * unchanged. Names are DNS labels because an app's host is {@code <name>.<tenant domain>}.
 */
public final class AppKinds {
    private AppKinds() {}

    public static final String GROUP = BuiltinKinds.APPS;
    public static final String VERSION = "v1alpha1";
    public static final String COZYSTACK = "apps.cozystack.io/v1alpha1";

    private static final Pattern K8S_VERSION = Pattern.compile("^v1\\.\\d+$");
    private static final Pattern PG_VERSION = Pattern.compile("^v\\d+$");
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final List<String> EXPOSE_METHODS = List.of("Proxied", "LoadBalancer");

    /** Adds the five kinds (and their Cozystack aliases) to {@code r}. */
    public static void register(Registry r) {
        r.register(app("Kubernetes", "kuberneteses", Kubernetes.class, AppKinds::validateKubernetes, appColumns()), COZYSTACK);
        r.register(app("Postgres", "postgreses", Postgres.class, AppKinds::validatePostgres, appColumns()), COZYSTACK);
        r.register(app("Etcd", "etcds", Etcd.class, AppKinds::validateEtcd, serviceColumns()), COZYSTACK);
        r.register(app("Ingress", "ingresses", Ingress.class, AppKinds::validateIngress, serviceColumns()), COZYSTACK);
        r.register(app("Monitoring", "monitorings", Monitoring.class, AppKinds::validateMonitoring, serviceColumns()), COZYSTACK);
    }

    private static ResourceType app(String kind, String plural, Class<?> model, ObjectValidator v, Column[] columns) {
        return ResourceType.builder(GROUP, VERSION, kind, plural, model).statusSubresource().categories("canopy")
                .nameRule(NameRule.DNS1123_LABEL).validator(v).columns(columns).build();
    }

    private static Column[] appColumns() {
        return new Column[] {
                Column.path("HOST", "The app's host", "status.host"),
                Column.path("VERSION", "The version requested", "spec.version"),
                Column.of("READY", "Whether the app is ready", o -> BuiltinKinds.condition(o, "Ready")),
                Column.wide("ETCD", "Namespace of the tenant whose etcd the app uses", o -> Objects.text(o, "status.services.etcd")),
                Column.wide("INGRESS", "Namespace of the tenant whose ingress reaches the app", o -> Objects.text(o, "status.services.ingress")),
                Column.wide("MONITORING", "Namespace of the tenant whose monitoring collects the app's metrics", o -> Objects.text(o, "status.services.monitoring"))};
    }

    private static Column[] serviceColumns() {
        return new Column[] {
                Column.path("REPLICAS", "Replicas requested", "spec.replicas"),
                Column.of("READY", "Whether the service is ready", o -> BuiltinKinds.condition(o, "Ready")),
                Column.wide("HOST", "The service's host", o -> Objects.text(o, "status.host"))};
    }

    // ------------------------------------------------------------------ validators

    static List<FieldError> validatePostgres(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = o.path("spec");
        replicas(spec, "spec", "replicas", errs);
        preset(spec, "spec", errs);
        resources(spec.path("resources"), "spec.resources", errs);
        positiveQuantity(spec, "spec", "size", errs);
        pattern(spec, "spec.version", "version", PG_VERSION, "a PostgreSQL major version such as v17", errs);
        JsonNode q = spec.path("quorum");
        long min = q.path("minSyncReplicas").asLong(0), max = q.path("maxSyncReplicas").asLong(0);
        if (min < 0) errs.add(FieldError.invalid("spec.quorum.minSyncReplicas", min, "must be greater than or equal to 0"));
        if (max < min) errs.add(FieldError.invalid("spec.quorum.maxSyncReplicas", max, "must be at least minSyncReplicas (" + min + ")"));
        long replicas = spec.path("replicas").asLong(2);
        if (max > 0 && max >= replicas) {
            errs.add(FieldError.invalid("spec.quorum.maxSyncReplicas", max, "must be less than replicas (" + replicas + ")"));
        }
        return errs;
    }

    static List<FieldError> validateKubernetes(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = o.path("spec");
        pattern(spec, "spec.version", "version", K8S_VERSION, "a Kubernetes version as vMAJOR.MINOR such as v1.32", errs);
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("nodeGroups").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "spec.nodeGroups[" + e.getKey() + "]";
            JsonNode g = e.getValue();
            if (!LABEL.matcher(e.getKey()).matches() || e.getKey().length() > 63) {
                errs.add(FieldError.invalid(path, e.getKey(), "a node group name must be a lowercase RFC 1123 label (e.g. md0, workers-1)"));
            }
            replicas(g, path, "minReplicas", errs);
            replicas(g, path, "maxReplicas", errs);
            if (g.has("minReplicas") && g.has("maxReplicas") && g.path("minReplicas").asLong() > g.path("maxReplicas").asLong()) {
                errs.add(FieldError.invalid(path + ".maxReplicas", g.path("maxReplicas").asLong(),
                        "must be at least minReplicas (" + g.path("minReplicas").asLong() + ")"));
            }
            positiveQuantity(g, path, "ephemeralStorage", errs);
            resources(g.path("resources"), path + ".resources", errs);
        }
        JsonNode ingress = spec.path("addons").path("ingressNginx");
        if (ingress.hasNonNull("exposeMethod") && !EXPOSE_METHODS.contains(ingress.path("exposeMethod").asText())) {
            errs.add(FieldError.notSupported("spec.addons[ingressNginx].exposeMethod", ingress.path("exposeMethod").asText(), EXPOSE_METHODS));
        }
        JsonNode cp = spec.path("controlPlane");
        replicas(cp, "spec.controlPlane", "replicas", errs);
        for (String c : List.of("apiServer", "controllerManager", "scheduler")) component(cp.path(c), "spec.controlPlane." + c, errs);
        component(cp.path("konnectivity").path("server"), "spec.controlPlane.konnectivity.server", errs);
        return errs;
    }

    static List<FieldError> validateEtcd(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = o.path("spec");
        replicas(spec, "spec", "replicas", errs);
        resources(spec.path("resources"), "spec.resources", errs);
        positiveQuantity(spec, "spec", "size", errs);
        return errs;
    }

    static List<FieldError> validateIngress(ObjectNode o, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = o.path("spec");
        replicas(spec, "spec", "replicas", errs);
        preset(spec, "spec", errs);
        resources(spec.path("resources"), "spec.resources", errs);
        return errs;
    }

    static List<FieldError> validateMonitoring(ObjectNode o, ObjectNode old) {
        return List.of();
    }

    // ------------------------------------------------------------------ field checks

    private static void component(JsonNode c, String path, List<FieldError> errs) {
        preset(c, path, errs);
        resources(c.path("resources"), path + ".resources", errs);
    }

    private static void replicas(JsonNode parent, String path, String field, List<FieldError> errs) {
        JsonNode n = parent.path(field);
        if (n.isMissingNode() || n.isNull()) return;
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            errs.add(FieldError.typeInvalid(path + "." + field, "integer"));
        } else if (n.asLong() < 0) {
            errs.add(FieldError.invalid(path + "." + field, n.asLong(), "must be greater than or equal to 0"));
        }
    }

    private static void preset(JsonNode parent, String path, List<FieldError> errs) {
        JsonNode n = parent.path("resourcesPreset");
        if (n.isMissingNode() || n.isNull()) return;
        if (ResourcesPreset.of(n.asText()).isEmpty()) {
            errs.add(FieldError.notSupported(path + ".resourcesPreset", n.asText(), ResourcesPreset.names()));
        }
    }

    private static void resources(JsonNode r, String path, List<FieldError> errs) {
        if (!r.isObject()) return;
        for (String f : List.of("cpu", "memory")) {
            BigDecimal v = quantity(r, path, f, errs);
            if (v != null && v.signum() < 0) errs.add(FieldError.invalid(path + "." + f, r.path(f).asText(), "must be greater than or equal to 0"));
        }
    }

    private static void positiveQuantity(JsonNode parent, String path, String field, List<FieldError> errs) {
        BigDecimal v = quantity(parent, path, field, errs);
        if (v != null && v.signum() <= 0) errs.add(FieldError.invalid(path + "." + field, parent.path(field).asText(), "must be greater than 0"));
    }

    /** The amount of a quantity field, null when absent or unparseable (then an error is added). */
    private static BigDecimal quantity(JsonNode parent, String path, String field, List<FieldError> errs) {
        JsonNode n = parent.path(field);
        if (n.isMissingNode() || n.isNull()) return null;
        String text = n.asText();
        try {
            return Quantity.getAmountInBytes(new Quantity(text));
        } catch (RuntimeException e) {
            errs.add(FieldError.invalid(path + "." + field, text,
                    "must be a quantity such as 500m, 2, 512Mi or 10Gi (regex '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')"));
            return null;
        }
    }

    private static void pattern(JsonNode spec, String path, String field, Pattern p, String what, List<FieldError> errs) {
        JsonNode n = spec.path(field);
        if (n.isMissingNode() || n.isNull()) return;
        if (!p.matcher(n.asText()).matches()) errs.add(FieldError.invalid(path, n.asText(), "must be " + what));
    }
}
