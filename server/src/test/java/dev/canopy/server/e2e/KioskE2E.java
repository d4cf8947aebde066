package dev.canopy.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.canopy.server.fleet.FleetOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kiosk's getting-started walkthrough with the real kubectl, kiosk's example manifests applied unchanged
 * ({@code kiosk-examples/} in the test resources) through the {@code tenancy.kiosk.sh} and
 * {@code config.kiosk.sh} groups, against a seed with one simulated cluster:
 * account, spaces as {@code --as=john}, the space limit, deletable spaces, an account's mandatory template
 * ({@code template-manifests.yaml}, {@code account-default-template.yaml}, {@code space-template-mandatory.yaml}),
 * the account quota.
 */
class KioskE2E {
    static final String KIOSK_SPACE = "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: %s\nspec:\n  account: %s\n";
    @RegisterExtension
    static final KubectlSeed env = KubectlSeed.withFleet(FleetOptions.defaults().withSimulatedClusters(1).withHeartbeat(Duration.ofSeconds(1)));
    static Kubectl k;

    @BeforeAll
    static void clusterReady() {
        k = env.k();
        await().atMost(Duration.ofSeconds(30)).until(() -> k.run("get", "clusters", "sim-1", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().equals("True"));
    }

    /** An example file, copied unchanged to disk so kubectl reads it as a user would. */
    static String example(String name) {
        try (InputStream in = KioskE2E.class.getResourceAsStream("/kiosk-examples/" + name)) {
            Path p = env.dir().resolve(name);
            Files.write(p, in.readAllBytes());
            return p.toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Kubectl.Result ok(Kubectl.Result r) {
        assertThat(r.code()).as(r.all()).isZero();
        return r;
    }

    @Test
    void gettingStarted() {
        // 1. the admin creates john's account
        assertThat(ok(k.run("apply", "-f", example("account.yaml"))).out()).contains("account.tenancy.kiosk.sh/johns-account created");
        assertThat(ok(k.run("get", "accounts")).out()).contains("johns-account");
        assertThat(ok(k.run("get", "accounts", "--as=john")).out()).contains("johns-account");
        assertThat(k.run("get", "accounts", "--as=mary").all()).contains("No resources found");

        // 2. john may not create spaces until kiosk-edit is bound (rbac-creator.yaml)
        assertThat(k.run("apply", "-f", example("space.yaml"), "--as=john").all()).contains("Forbidden");
        ok(k.run("apply", "-f", example("rbac-creator.yaml")));
        assertThat(ok(k.run("apply", "-f", example("space.yaml"), "--as=john")).out()).contains("space.tenancy.kiosk.sh/johns-space created");
        String spaces = ok(k.run("get", "spaces", "--as=john")).out();
        assertThat(spaces).contains("johns-space").contains("johns-account").contains("sim-1");
        assertThat(k.run("get", "spaces", "--as=mary").all()).contains("No resources found");
        assertThat(k.run("get", "space", "johns-space", "--as=mary").all()).contains("NotFound");
        // john works in his namespace (admin by default), and sees it
        assertThat(ok(k.run("get", "namespace", "johns-space", "--as=john")).out()).contains("johns-space");
        assertThat(k.run("get", "namespace", "johns-space", "--as=mary").all()).contains("NotFound");
        ok(k.run("create", "configmap", "hello", "-n", "johns-space", "--from-literal=a=b", "--as=john"));
        await().atMost(Duration.ofSeconds(20)).until(() -> env.seed().fleet().simulated().orElseThrow().driver("sim-1").orElseThrow()
                .get("RoleBinding", "johns-space", "space-owners").isPresent());

        // 3. the space limit
        assertThat(ok(k.run("apply", "-f", example("account-space-limit.yaml"))).out()).contains("configured");
        ok(k.run("apply", "-f", example("space-2.yaml"), "--as=john"));
        Kubectl.Result third = k.run("apply", "-f", example("space-3.yaml"), "--as=john");
        assertThat(third.code()).isNotZero();
        assertThat(third.err()).contains("space limit of 2 reached for account johns-account");

        // 4. john cannot delete a space bound with admin; with kiosk-space-admin he can
        assertThat(k.run("delete", "space", "johns-space-2", "--as=john").all()).contains("Forbidden");
        ok(k.run("apply", "-f", example("account-deletable-spaces.yaml")));
        ok(k.run("apply", "-f", example("space-deletable.yaml"), "--as=john"));
        await().atMost(Duration.ofSeconds(10)).until(() -> k.run("get", "rolebinding", "space-owners", "-n", "johns-space-deletable",
                "-o", "jsonpath={.roleRef.name}").out().equals("kiosk-space-admin"));
        assertThat(ok(k.run("delete", "space", "johns-space-deletable", "--as=john")).out()).contains("deleted");
        await().atMost(Duration.ofSeconds(20)).until(() -> k.run("get", "namespace", "johns-space-deletable").code() != 0);
        // deleting the namespace itself (allowed by kiosk-space-admin in it) takes the Space with it
        ok(k.runWithInput(KIOSK_SPACE.formatted("johns-space-ns", "johns-account-deletable-spaces"), "apply", "-f", "-", "--as=john"));
        ok(k.run("delete", "namespace", "johns-space-ns", "--as=john", "--wait=false"));
        await().atMost(Duration.ofSeconds(20)).until(() -> k.run("get", "space", "johns-space-ns").code() != 0);

        // 5. an account's mandatory template: rendered into every new Space, in place before john's binding
        ok(k.run("apply", "-f", example("template-manifests.yaml")));
        assertThat(ok(k.run("apply", "-f", example("account-default-template.yaml"))).out()).contains("configured");
        ok(k.run("apply", "-f", example("space-template-mandatory.yaml"), "--as=john"));
        assertThat(ok(k.run("get", "templateinstances", "-n", "johns-space-template-mandatory", "-o", "jsonpath={.items[0].status.status}")).out())
                .isEqualTo("Deployed");
        var sim = env.seed().fleet().simulated().orElseThrow().driver("sim-1").orElseThrow();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var limits = sim.get("LimitRange", "johns-space-template-mandatory", "space-limit-range").orElseThrow();
            assertThat(limits.at("/spec/limits/0/default/cpu").asText()).isEqualTo("1");
            assertThat(limits.at("/metadata/annotations/example-parameter").asText()).startsWith("Hello from johns-space-template-mandatory");
            assertThat(sim.get("RoleBinding", "johns-space-template-mandatory", "space-owners")).isPresent();
        });

        // 6. the account quota and the other accounts are accepted unchanged
        assertThat(ok(k.run("apply", "-f", example("accountquota.yaml"))).out()).contains("accountquota.config.kiosk.sh/default-user-limits created");
        assertThat(ok(k.run("get", "accountquotas", "--as=john")).out()).contains("default-user-limits");
        ok(k.run("apply", "-f", example("account-default-space-metadata.yaml")));
        ok(k.run("apply", "-f", example("account-sa.yaml")));
        ok(k.run("apply", "-f", example("rbac-template-instance-admin.yaml")));
        ok(k.run("apply", "-f", example("rbac-template-viewer.yaml")));
        // account-sa.yaml replaced john (a User) by the service account kiosk/john: john no longer sees the account's spaces
        // (only the one of the account he is still a subject of)
        await().atMost(Duration.ofSeconds(10)).until(() -> java.util.List.of(k.run("get", "spaces", "--as=john", "-o", "jsonpath={.items[*].metadata.name}").out().split(" "))
                .equals(java.util.List.of("johns-space-template-mandatory")));
        assertThat(ok(k.run("get", "spaces", "--as=system:serviceaccount:kiosk:john")).out()).contains("johns-space");

        // kubectl explain knows the kinds, Canopy's fields included
        assertThat(ok(k.run("explain", "spaces.spec", "--api-version=tenancy.kiosk.sh/v1alpha1")).out()).contains("account").contains("cluster");
        assertThat(ok(k.run("explain", "accounts.spec.space", "--api-version=config.kiosk.sh/v1alpha1")).out()).contains("deletionPolicy").contains("spaceTemplate");

        // 7. deleting the account deletes its spaces and their namespaces
        ok(k.run("delete", "account", "johns-account", "--wait=false"));
        await().atMost(Duration.ofSeconds(20)).until(() -> k.run("get", "namespace", "johns-space").code() != 0
                && k.run("get", "space", "johns-space-2").code() != 0);
    }
}
