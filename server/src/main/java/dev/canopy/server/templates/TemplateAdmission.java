package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.admission.AdmissionPlugin;
import dev.canopy.server.admission.AdmissionRequest;
import dev.canopy.server.admission.Operation;
import dev.canopy.server.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Admission of Templates: what lets a template reach beyond the instance's namespace may only be set or
 * changed by a platform admin — the {@link TemplateKinds#ALLOW_CLUSTER_SCOPED} annotation (cluster-scoped
 * objects, applied with the platform's identity) and {@code resources.helm.chart.path} (a chart read from
 * the seed's disk). kiosk's own example RBAC lets every user create Templates, so this matters. Anything
 * else about a Template is for RBAC and the kind's validator, except {@code resources.helm.chart.repository.repoUrl},
 * which must pass the seed's {@link ChartRepositoryPolicy} whoever writes it. Thread-safe, no I/O.
 */
public final class TemplateAdmission implements AdmissionPlugin {
    private final Predicate<UserInfo> platformAdmin;
    private final ChartRepositoryPolicy charts;

    public TemplateAdmission(Predicate<UserInfo> platformAdmin) { this(platformAdmin, ChartRepositoryPolicy.defaults()); }

    public TemplateAdmission(Predicate<UserInfo> platformAdmin, ChartRepositoryPolicy charts) {
        this.platformAdmin = platformAdmin;
        this.charts = charts;
    }

    @Override
    public void admit(AdmissionRequest req) {
        if (!req.context().type().storageResource().equals(TemplateKinds.TEMPLATES) || req.operation() == Operation.DELETE) return;
        List<FieldError> errs = check(req.object(), req.old());
        if (!errs.isEmpty() && !platformAdmin.test(req.context().user())) {
            throw ApiException.invalid("Template", Objects.name(req.object()), errs);
        }
        // the chart repository rule holds for everyone, platform admins included
        List<FieldError> repo = checkRepository(req.object(), charts);
        if (!repo.isEmpty()) throw ApiException.invalid("Template", Objects.name(req.object()), repo);
    }

    /** {@code resources.helm.chart.repository.repoUrl} against the policy (no I/O: the URL as written). */
    static List<FieldError> checkRepository(ObjectNode t, ChartRepositoryPolicy charts) {
        JsonNode url = t.path("resources").path("helm").path("chart").path("repository").path("repoUrl");
        if (url.isMissingNode() || url.isNull() || url.asText("").isEmpty()) return List.of();
        return charts.check("resources.helm.chart.repository.repoUrl", url.asText()).map(List::of).orElse(List.of());
    }

    /** The privileged settings that {@code t} sets or changes compared with {@code old} (null on create). */
    static List<FieldError> check(ObjectNode t, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String key = "metadata.annotations[" + TemplateKinds.ALLOW_CLUSTER_SCOPED + "]";
        if (TemplateKinds.allowsClusterScoped(t) && (old == null || !TemplateKinds.allowsClusterScoped(old))) {
            errs.add(FieldError.forbidden(key, "only platform admins may allow a template to create cluster-scoped objects"));
        }
        JsonNode path = t.path("resources").path("helm").path("chart").path("path");
        JsonNode oldPath = old == null ? null : old.path("resources").path("helm").path("chart").path("path");
        if (!path.asText("").isEmpty() && (oldPath == null || !path.equals(oldPath))) {
            errs.add(FieldError.forbidden("resources.helm.chart.path", "only platform admins may render charts from the seed's file system"));
        }
        return errs;
    }
}
