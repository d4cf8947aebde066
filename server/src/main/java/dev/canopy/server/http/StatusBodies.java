package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import java.util.List;

/** Renders errors as {@code meta.k8s.io/v1 Status} objects (fabric8's model). */
public final class StatusBodies {
    private StatusBodies() {}

    public static ObjectNode failure(ApiException e) {
        StatusBuilder s = new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withCode(e.code()).withReason(e.reason()).withMessage(e.getMessage());
        if (e.kind() != null || e.name() != null || !e.causes().isEmpty()) {
            StatusDetailsBuilder d = new StatusDetailsBuilder().withName(e.name());
            String k = e.kind();
            if (k != null) {
                // "tenants.tenancy.canopy.dev" is a group resource; "Tenant" a kind
                int dot = k.indexOf('.');
                if (dot > 0 && Character.isLowerCase(k.charAt(0))) d.withGroup(k.substring(dot + 1)).withKind(k.substring(0, dot));
                else d.withKind(k);
            }
            List<StatusCause> causes = e.causes().stream().map(StatusBodies::cause).toList();
            if (!causes.isEmpty()) d.withCauses(causes);
            s.withDetails(d.build());
        }
        return Json.toObject(s.build());
    }

    private static StatusCause cause(FieldError fe) {
        return new StatusCause(fe.field(), fe.detail(), fe.type());
    }
}
