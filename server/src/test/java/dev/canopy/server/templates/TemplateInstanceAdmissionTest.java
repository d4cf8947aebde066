package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Json;
import dev.canopy.api.kiosk.TemplateKinds;
import dev.canopy.server.admission.AdmissionRequest;
import dev.canopy.server.admission.Operation;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.http.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A caller who may not get a Template gets exactly the answer for a Template that does not exist, so a
 * TemplateInstance create never reveals whether a Template of that name exists.
 */
class TemplateInstanceAdmissionTest {
    static final UserInfo ANN = new UserInfo("ann", "", List.of(UserInfo.AUTHENTICATED), Map.of());
    static final UserInfo BOB = new UserInfo("bob", "", List.of(UserInfo.AUTHENTICATED), Map.of());

    /** One stored Template, {@code secret} (one parameter); ann may get it, bob may get only {@code public-one}. */
    final TemplateInstanceAdmission admission = new TemplateInstanceAdmission(
            name -> name.equals("secret") ? Optional.of(obj("{metadata: {name: secret}, parameters: [{name: OWNER}]}")) : Optional.empty(),
            (user, name) -> user.name().equals("ann") || Set.of("public-one").contains(name));

    static ObjectNode obj(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static AdmissionRequest create(UserInfo user, String template) {
        var type = BuiltinKinds.registry().canonical(TemplateKinds.TEMPLATE_INSTANCES).orElseThrow();
        ObjectNode o = obj("{apiVersion: tenancy.canopy.dev/v1alpha1, kind: TemplateInstance, metadata: {name: i, namespace: space-a}, spec: {template: "
                + template + ", parameters: [{name: OWNER, value: x}]}}");
        return new AdmissionRequest(Operation.CREATE, new RequestContext(user, type, "space-a", "", "", false), o, null, new ArrayList<>());
    }

    static String answer(ApiException e) {
        return e.code() + " " + e.reason() + " " + e.getMessage() + " " + e.kind() + " " + e.name() + " " + e.causes();
    }

    @Test
    void aTemplateTheCallerMayNotGetIsAnsweredAsOneThatDoesNotExist() {
        ApiException hidden = catchThrowableOfType(ApiException.class, () -> admission.admit(create(BOB, "secret")));
        ApiException absent = catchThrowableOfType(ApiException.class, () -> admission.admit(create(BOB, "nothing")));
        assertThat(hidden).isNotNull();
        assertThat(absent).isNotNull();
        assertThat(answer(hidden).replace("secret", "NAME")).isEqualTo(answer(absent).replace("nothing", "NAME"));
        assertThat(hidden.code()).isEqualTo(422);
        assertThat(answer(hidden)).contains("spec.template").contains("no such Template");
    }

    @Test
    void aCallerWhoMayGetTheTemplateIsAdmittedAndOneAllowedForAMissingNameStillGetsNotFound() {
        assertThatCode(() -> admission.admit(create(ANN, "secret"))).doesNotThrowAnyException();
        ApiException missing = catchThrowableOfType(ApiException.class, () -> admission.admit(create(BOB, "public-one")));
        assertThat(missing.code()).isEqualTo(422);
        assertThat(answer(missing)).contains("no such Template");
    }
}
