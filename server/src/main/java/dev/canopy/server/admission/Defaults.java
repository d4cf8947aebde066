package dev.canopy.server.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Field defaults kube-apiserver applies to its own kinds before validation (only the ones clients rely on):
 * a Secret without {@code type} is {@code Opaque}, and its write-only {@code stringData} is folded into
 * base64 {@code data} (stringData wins on a shared key). Mutates {@link AdmissionRequest#object()} on CREATE and
 * UPDATE; idempotent.
 */
public final class Defaults implements AdmissionPlugin {
    @Override
    public void admit(AdmissionRequest req) {
        if (req.operation() == Operation.DELETE) return;
        if (req.context().type().storageResource().equals("core/secrets")) {
            ObjectNode o = req.object();
            if (o.path("type").asText("").isEmpty()) o.put("type", "Opaque");
            if (o.get("stringData") instanceof ObjectNode sd) {
                ObjectNode data = o.withObject("data");
                sd.fields().forEachRemaining(e -> data.put(e.getKey(),
                        java.util.Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
                o.remove("stringData");
            }
        }
    }
}
