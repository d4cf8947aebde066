package dev.canopy.server.fleet.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.server.fleet.registration.ApprovalRules.Action;
import org.junit.jupiter.api.Test;

class ApprovalRulesTest {
    static ObjectNode request(Boolean approved, String phase) {
        ObjectNode o = Json.object();
        ObjectNode spec = o.putObject("spec");
        if (approved != null) spec.put("approved", approved);
        if (phase != null) o.putObject("status").put("phase", phase);
        return o;
    }

    record Case(Boolean approved, String phase, Action expected) {}

    @Test
    void actions() {
        var cases = new Case[] {
                new Case(null, null, Action.MARK_PENDING),
                new Case(null, "Pending", Action.NONE),
                new Case(true, "Pending", Action.APPROVE),
                new Case(true, null, Action.APPROVE),
                new Case(false, "Pending", Action.REFUSE),
                new Case(true, "Approved", Action.NONE),
                new Case(null, "Approved", Action.NONE),
                new Case(false, "Approved", Action.REVOKE),
                new Case(true, "Revoked", Action.NONE),
                new Case(false, "Revoked", Action.NONE),
                new Case(true, "Refused", Action.NONE),
        };
        for (Case c : cases) {
            assertThat(ApprovalRules.next(request(c.approved(), c.phase()))).as(c.approved() + " in " + c.phase()).isEqualTo(c.expected());
        }
    }
}
