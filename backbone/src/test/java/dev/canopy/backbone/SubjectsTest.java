package dev.canopy.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectsTest {

    @Test
    void subjectsOfACluster() {
        assertThat(Subjects.desired("prod-1")).isEqualTo("fleet.prod-1.desired");
        assertThat(Subjects.status("prod-1")).isEqualTo("fleet.prod-1.status");
        assertThat(Subjects.rpc("prod-1")).isEqualTo("fleet.prod-1.rpc");
        assertThat(Subjects.agentInboxPrefix("prod-1")).isEqualTo("_INBOX_prod-1");
        assertThat(Subjects.clusterOf("fleet.prod-1.status")).isEqualTo("prod-1");
        assertThat(Subjects.clusterOf(Subjects.SIGNUP)).isNull();
        assertThat(Subjects.clusterOf("_INBOX.x")).isNull();
        assertThat(Subjects.agentPublish("c1")).doesNotContainAnyElementsOf(java.util.List.of(Subjects.agentSubscribe("c1")));
    }

    @Test
    void clusterNamesAreSingleSafeTokens() {
        for (String bad : new String[] {"", "C1", "c1.x", "c1>", "*", "-c1", "signup", "a b"}) {
            assertThatThrownBy(() -> Subjects.status(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theSeedAnswersOnlyIntoTheSendersInbox() {
        assertThat(Subjects.isReplySubjectOf("fleet.c1.status", "_INBOX_c1.abc.1")).isTrue();
        assertThat(Subjects.isReplySubjectOf("fleet.c1.status", "_INBOX_c2.abc.1")).isFalse();
        assertThat(Subjects.isReplySubjectOf("fleet.c1.status", "fleet.c2.desired")).isFalse();
        assertThat(Subjects.isReplySubjectOf("fleet.c1.status", "_INBOX_c10.x")).isFalse();
        assertThat(Subjects.isReplySubjectOf("fleet.c1.status", null)).isFalse();
        assertThat(Subjects.isReplySubjectOf(Subjects.SIGNUP, "_INBOX_signup_tok1.x")).isTrue();
        assertThat(Subjects.isReplySubjectOf(Subjects.SIGNUP, "fleet.c1.desired")).isFalse();
    }
}
