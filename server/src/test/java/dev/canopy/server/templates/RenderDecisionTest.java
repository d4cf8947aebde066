package dev.canopy.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderDecisionTest {
    static ObjectNode obj(String yaml) {
        try {
            return (ObjectNode) Json.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                                 | sync  | status   | reason           | templateRV | status RV | observedGen | record             | render?
            "new instance                           | false |          |                  | 5          |           | 0           |                    | true",
            "pending                                | false | Pending  |                  | 5          |           | 0           |                    | true",
            "deployed, nothing changed              | false | Deployed |                  | 5          | 5         | 1           | uid-1              | false",
            "deployed, template changed, no sync    | false | Deployed |                  | 6          | 5         | 1           | uid-1              | false",
            "deployed, template changed, sync       | true  | Deployed |                  | 6          | 5         | 1           | uid-1              | true",
            "deployed, spec changed                 | false | Deployed |                  | 5          | 5         | 0           | uid-1              | true",
            "deployed by the Space flow, no record  | false | Deployed |                  | 5          | 5         | 1           |                    | true",
            "record written before the uid was known | false | Deployed |                 | 5          | 5         | 1           | ''                 | false",
            "record of an earlier instance          | false | Deployed |                  | 5          | 5         | 1           | uid-0              | true",
            "failed, unchanged                      | true  | Failed   | ErrorHelm        | 5          | 5         | 1           |                    | false",
            "failed, template fixed, sync           | true  | Failed   | ErrorHelm        | 6          | 5         | 1           |                    | true",
            "failed, template fixed, no sync        | false | Failed   | ErrorHelm        | 6          | 5         | 1           |                    | false",
            "failed, parameters fixed               | false | Failed   | ErrorValidatingParameters | 5 | 5        | 0           |                    | true",
            "template missing                       | true  | Deployed |                  | -          | 5         | 1           | uid-1              | true",
            "template still missing                 | true  | Failed   | TemplateNotFound | -          |           | 1           |                    | false",
    })
    void rendersOnlyWhenSomethingChanged(String name, boolean sync, String status, String reason, String templateRv, String statusRv,
                                         long observed, String recordUid, boolean render) {
        ObjectNode instance = obj("{metadata: {name: i, namespace: n, uid: uid-1, generation: 1}, spec: {template: t, sync: " + sync + "}}");
        if (status != null) {
            ObjectNode s = instance.putObject("status").put("status", status).put("observedGeneration", observed);
            if (reason != null) s.put("reason", reason);
            if (statusRv != null) s.put("templateResourceVersion", statusRv);
        }
        ObjectNode template = templateRv.equals("-") ? null : obj("{metadata: {name: t, resourceVersion: '" + templateRv + "'}}");
        ObjectNode record = recordUid == null ? null : obj("{instanceUid: '" + recordUid + "', objects: []}");
        assertThat(RenderDecision.render(instance, template, record, "ns-v1")).as(name).isEqualTo(render);
    }

    @ParameterizedTest(name = "sync={0} seen={1} -> {2}")
    @CsvSource({
            "true,  ns-v1, false",
            "true,  ns-v0, true",
            "false, ns-v0, false",
            "true,  '',    false",
    })
    void aSyncedInstanceFollowsItsNamespacesLabelsAndAnnotations(boolean sync, String seen, boolean render) {
        ObjectNode instance = obj("{metadata: {name: i, uid: u, generation: 1}, spec: {template: t, sync: " + sync + "}, "
                + "status: {status: Deployed, templateResourceVersion: '5', observedGeneration: 1}}");
        ObjectNode record = obj("{instanceUid: u, namespaceFingerprint: '" + seen + "'}");
        assertThat(RenderDecision.render(instance, obj("{metadata: {name: t, resourceVersion: '5'}}"), record, "ns-v1")).isEqualTo(render);
    }
}
