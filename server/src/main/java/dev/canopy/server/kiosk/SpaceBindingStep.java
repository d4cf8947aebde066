package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.tenancy.kiosk.SpaceRules;
import java.util.Optional;

/**
 * Controller step 2 (pure): the owners RoleBinding of a Space against its account now: the account's
 * {@code spec.space.clusterRole} for its subjects. A changed role replaces the binding (a roleRef is
 * immutable in Kubernetes), changed subjects update it, an account binding nothing removes it. A Space whose
 * account is gone keeps what it has.
 */
final class SpaceBindingStep {
    private SpaceBindingStep() {}

    sealed interface Plan permits Keep, Put, Replace, Delete {}

    record Keep() implements Plan {}

    record Put(ObjectNode binding) implements Plan {}

    record Replace(ObjectNode binding) implements Plan {}

    record Delete() implements Plan {}

    static Plan plan(JsonNode account, String namespace, ObjectNode existing) {
        if (account == null) return new Keep();
        Optional<ObjectNode> want = SpaceRules.ownersBinding(account, namespace);
        if (want.isEmpty()) return existing == null ? new Keep() : new Delete();
        ObjectNode w = want.get();
        if (existing == null) return new Put(w);
        if (!w.get("roleRef").equals(existing.get("roleRef"))) return new Replace(w);
        if (!w.get("subjects").equals(existing.get("subjects")) || !w.path("metadata").path("labels").equals(existing.path("metadata").path("labels"))) {
            ObjectNode next = existing.deepCopy();
            next.set("subjects", w.get("subjects").deepCopy());
            ((ObjectNode) next.get("metadata")).set("labels", w.path("metadata").path("labels").deepCopy());
            return new Put(next);
        }
        return new Keep();
    }
}
