package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** kiosk's example manifests, copied unchanged into the test resources ({@code kiosk-examples/}). */
final class KioskExamples {
    private KioskExamples() {}

    /** Examples of kinds this package serves (Template and TemplateInstance examples wait for templates). */
    static final List<String> SERVED = List.of("account.yaml", "account-sa.yaml", "account-space-limit.yaml", "account-deletable-spaces.yaml",
            "account-default-space-metadata.yaml", "account-default-template.yaml", "accountquota.yaml", "space.yaml", "space-2.yaml",
            "space-3.yaml", "space-deletable.yaml", "space-template-mandatory.yaml", "rbac-creator.yaml", "rbac-template-instance-admin.yaml",
            "rbac-template-viewer.yaml");

    static String text(String file) {
        try (InputStream in = KioskExamples.class.getResourceAsStream("/kiosk-examples/" + file)) {
            if (in == null) throw new IllegalArgumentException("no example " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one example file. */
    static List<ObjectNode> objects(String file) {
        List<ObjectNode> out = new ArrayList<>();
        for (String doc : text(file).split("(?m)^---\\s*$")) {
            if (doc.isBlank()) continue;
            JsonNode n = Json.parseYaml(doc.getBytes(StandardCharsets.UTF_8));
            if (n instanceof ObjectNode o) out.add(o);
        }
        return out;
    }
}
