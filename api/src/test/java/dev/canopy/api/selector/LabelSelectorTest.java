package dev.canopy.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            app=web                      | app=web            | true
            app=web                      | app=db             | false
            app==web                     | app=web            | true
            app!=web                     | app=db             | true
            app!=web                     | ''                 | true
            app!=web                     | app=web            | false
            app in (web,db)              | app=db             | true
            app in (web,db)              | app=x              | false
            app in (web,db)              | ''                 | false
            app notin (web)              | app=db             | true
            app notin (web)              | ''                 | true
            app notin (web)              | app=web            | false
            app                          | app=x              | true
            app                          | tier=x             | false
            !app                         | tier=x             | true
            !app                         | app=x              | false
            'app=web,tier in (fe, be)'   | app=web;tier=be    | true
            'app=web,tier in (fe, be)'   | app=web;tier=db    | false
            ' app = web , !canary '      | app=web            | true
            example.com/role=a_b.c-d     | example.com/role=a_b.c-d | true
            app=                         | app=               | true
            """)
    void parsesAndMatches(String selector, String labels, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(labels(labels))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            app=web tier=x      | expected ','
            app in web          | expected '('
            app in (a           | expected ',' or ')'
            app in ()           | needs at least one value
            =web                | expected a label key
            app~web             | expected one of
            -app=x              | invalid label key
            app=-x              | invalid label value
            Example.COM/a=b     | prefix part must be a lowercase RFC 1123 subdomain
            !                   | expected a label key after '!'
            app=a,              | expected a label key
            """)
    void rejectsBadSyntaxWithA400NamingTheParameter(String selector, String why) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageContaining("labelSelector")
                .hasMessageContaining(why);
    }

    @Test
    void rejectsOverlongKeysAndValues() {
        assertThatThrownBy(() -> LabelSelector.parse("a".repeat(64) + "=x")).hasMessageContaining("no more than 63");
        assertThatThrownBy(() -> LabelSelector.parse("a=" + "x".repeat(64))).hasMessageContaining("no more than 63");
    }

    @Test
    void emptyStringSelectsEverything() {
        assertThat(LabelSelector.parse("").isEverything()).isTrue();
        assertThat(LabelSelector.parse(null).matches(Map.of())).isTrue();
    }

    @Test
    void objectForm() {
        var sel = LabelSelector.fromJson(Json.MAPPER.valueToTree(Map.of(
                "matchLabels", Map.of("app", "web"),
                "matchExpressions", java.util.List.of(
                        Map.of("key", "tier", "operator", "In", "values", java.util.List.of("fe", "be")),
                        Map.of("key", "canary", "operator", "DoesNotExist")))));
        assertThat(sel.matches(Map.of("app", "web", "tier", "fe"))).isTrue();
        assertThat(sel.matches(Map.of("app", "web", "tier", "fe", "canary", "1"))).isFalse();
        assertThat(sel.matches(Map.of("app", "web"))).isFalse();
        assertThat(sel.equalities()).containsExactly(Map.entry("app", "web"));
        assertThat(LabelSelector.parse(sel.toString())).isEqualTo(sel);
    }

    @Test
    void objectFormNullMatchesNothingAndEmptyMatchesEverything() {
        assertThat(LabelSelector.fromJson(null).matches(Map.of())).isFalse();
        assertThat(LabelSelector.fromJson(Json.object()).matches(Map.of("a", "b"))).isTrue();
    }

    @Test
    void objectFormRejectsBadOperatorsAndValues() {
        assertThatThrownBy(() -> LabelSelector.fromJson(Json.MAPPER.valueToTree(Map.of("matchExpressions",
                java.util.List.of(Map.of("key", "a", "operator", "Equals", "values", java.util.List.of("x")))))))
                .hasMessageContaining("labelSelector").hasMessageContaining("In, NotIn, Exists, DoesNotExist");
        assertThatThrownBy(() -> LabelSelector.fromJson(Json.MAPPER.valueToTree(Map.of("matchExpressions",
                java.util.List.of(Map.of("key", "a", "operator", "In"))))))
                .hasMessageContaining("at least one value");
        assertThatThrownBy(() -> LabelSelector.fromJson(Json.MAPPER.valueToTree(Map.of("matchExpressions",
                java.util.List.of(Map.of("key", "a", "operator", "Exists", "values", java.util.List.of("x")))))))
                .hasMessageContaining("takes no values");
    }

    @Test
    void equalitiesAreOnlyTheExactRequirements() {
        assertThat(LabelSelector.parse("a=1,b!=2,c in (3),d in (4,5),e").equalities())
                .containsOnly(Map.entry("a", "1"), Map.entry("c", "3"));
    }

    private static Map<String, String> labels(String s) {
        Map<String, String> m = new java.util.HashMap<>();
        if (s == null || s.isEmpty()) return m;
        for (String kv : s.split(";")) {
            int i = kv.indexOf('=');
            m.put(kv.substring(0, i), kv.substring(i + 1));
        }
        return m;
    }
}
