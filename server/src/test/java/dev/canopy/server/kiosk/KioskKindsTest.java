package dev.canopy.server.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import dev.canopy.api.schema.StrictValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kiosk kinds as served: kiosk's own manifests validate strictly through the alias groups; typos are named. */
class KioskKindsTest {
    static final Registry REGISTRY = BuiltinKinds.registry();

    static ResourceType type(ObjectNode o) {
        return REGISTRY.byKind(o.path("apiVersion").asText(), o.path("kind").asText()).orElseThrow(
                () -> new AssertionError("not served: " + o.path("apiVersion").asText() + " " + o.path("kind").asText()));
    }

    static List<FieldError> errors(ObjectNode o) {
        ResourceType t = type(o);
        List<FieldError> errs = new ArrayList<>(StrictValidator.validate(t, o));
        errs.addAll(t.validator().validate(o, null));
        return errs;
    }

    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void everyServedKioskExampleValidatesUnchanged() {
        for (String file : KioskExamples.SERVED) {
            for (ObjectNode o : KioskExamples.objects(file)) {
                assertThat(errors(o)).as(file).isEmpty();
            }
        }
    }

    @Test
    void aliasesMapOntoOneStorage() {
        assertThat(REGISTRY.byKind("config.kiosk.sh/v1alpha1", "Account").orElseThrow().storageResource()).isEqualTo("tenancy.canopy.dev/accounts");
        assertThat(REGISTRY.byKind("tenancy.kiosk.sh/v1alpha1", "Account").orElseThrow().storageResource()).isEqualTo("tenancy.canopy.dev/accounts");
        assertThat(REGISTRY.byKind("tenancy.kiosk.sh/v1alpha1", "Space").orElseThrow().storageResource()).isEqualTo("tenancy.canopy.dev/spaces");
        assertThat(REGISTRY.byKind("config.kiosk.sh/v1alpha1", "AccountQuota").orElseThrow().storageResource()).isEqualTo("tenancy.canopy.dev/accountquotas");
        for (String kind : List.of("Account", "Space", "AccountQuota")) {
            assertThat(REGISTRY.byKind("tenancy.canopy.dev/v1alpha1", kind).orElseThrow().namespaced()).as(kind).isFalse();
        }
    }

    @Test
    void typosAreNamedByPath() {
        assertThat(errors(yaml("""
                apiVersion: tenancy.kiosk.sh/v1alpha1
                kind: Account
                metadata: {name: a}
                spec:
                  space: {limt: 2, spaceTemplate: {metadata: {lables: {a: b}}}}
                  subjects: [{kind: User, nmae: john}]
                """))).extracting(FieldError::field)
                .contains("spec.space.limt", "spec.space.spaceTemplate.metadata.lables", "spec.subjects[0].nmae", "spec.subjects[0].name");
        assertThat(errors(yaml("apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: s}\nspec: {acount: a}\n")))
                .extracting(FieldError::field).containsExactly("spec.acount");
        assertThat(errors(yaml("apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: q}\nspec: {account: a, quota: {hrad: {pods: 2}}}\n")))
                .extracting(FieldError::field).containsExactly("spec.quota.hrad");
    }

    @Test
    void kindRulesNameTheField() {
        assertThat(errors(yaml("apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: a}\nspec: {space: {limit: -1, deletionPolicy: Keep}, subjects: [{kind: Robot, name: r}, {kind: ServiceAccount, name: s}]}\n")))
                .extracting(FieldError::field).containsExactly("spec.space.limit", "spec.space.deletionPolicy", "spec.subjects[0].kind", "spec.subjects[1].namespace");
        ObjectNode quota = yaml("apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: q}\nspec: {account: b}\n");
        ObjectNode old = yaml("apiVersion: config.kiosk.sh/v1alpha1\nkind: AccountQuota\nmetadata: {name: q}\nspec: {account: a}\n");
        assertThat(type(quota).validator().validate(quota, old)).extracting(FieldError::field).containsExactly("spec.account");
        ObjectNode space = yaml("apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: s}\nspec: {account: a, cluster: two}\n");
        ObjectNode was = yaml("apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: s}\nspec: {account: a, cluster: one}\n");
        assertThat(type(space).validator().validate(space, was)).extracting(FieldError::field).containsExactly("spec.cluster");
    }

    @Test
    void reservedNamespaceNamesAreRefused() {
        for (String n : List.of("default", "kube-system", "tenant-foo", "canopy-system")) {
            assertThat(errors(yaml("apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: " + n + "}\nspec: {account: a}\n")))
                    .as(n).extracting(FieldError::field).containsExactly("metadata.name");
        }
        assertThat(errors(yaml("apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: {name: my-kube-space}\nspec: {account: a}\n"))).isEmpty();
    }

    @Test
    void columnsLikeKiosks() {
        ObjectNode space = yaml("metadata: {name: s}\nspec: {account: johns-account, cluster: c1}\nstatus: {phase: Active}\n");
        ResourceType t = REGISTRY.byKind("tenancy.kiosk.sh/v1alpha1", "Space").orElseThrow();
        assertThat(t.columns()).extracting(c -> c.name() + "=" + c.value().apply(space)).containsExactly("ACCOUNT=johns-account", "CLUSTER=c1", "PHASE=Active");
        ObjectNode account = yaml("spec: {tenant: tenant-root, space: {limit: 2}, subjects: [{kind: User, name: john}]}\nstatus: {namespaces: [{name: a}, {name: b}]}\n");
        ResourceType a = REGISTRY.byKind("config.kiosk.sh/v1alpha1", "Account").orElseThrow();
        assertThat(a.columns()).extracting(c -> c.name() + "=" + c.value().apply(account))
                .containsExactly("TENANT=tenant-root", "SPACES=2", "LIMIT=2", "SUBJECTS=User:john", "CLUSTER-ROLE=");
        assertThat(Objects.name(space)).isEqualTo("s");
    }
}
