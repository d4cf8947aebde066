package dev.canopy.server.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.StoreOptions;
import dev.canopy.store.postgres.PostgresStore;
import dev.canopy.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Space create flow's atomic part on PostgreSQL: the limit under 100 concurrent creates, the account's
 * TemplateInstances rendered (with a fake {@link TemplateRendering}) and stored Deployed before the RoleBinding,
 * a render failure writing nothing, and a move to a full account refused.
 */
class SpaceStoreIT {
    static PostgresStore raw;
    static final AtomicInteger renders = new AtomicInteger();

    /** Renders template "good" to one ConfigMap; refuses template "bad" with 422 naming the parameter. */
    static final TemplateRendering FAKE = (ti, ns) -> {
        renders.incrementAndGet();
        String t = Objects.text(ti, "spec.template");
        if (t.equals("bad")) throw new ApiException(422, "Invalid", "TemplateInstance \"bad\" is invalid: spec.parameters[0].name: Invalid value: \"NOPE\": not a parameter of template bad");
        ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", "from-" + t).put("namespace", Objects.name(ns));
        return new TemplateRendering.Rendered(List.of(cm), "42");
    };
    static SpaceStore store;

    @BeforeAll
    static void start() {
        raw = PostgresStore.open(TestPostgres.newDatabase(), StoreOptions.defaults());
        store = new SpaceStore(raw, FAKE, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (raw != null) raw.close();
    }

    static ObjectNode yaml(String s) { return (ObjectNode) Json.parseYaml(s.getBytes(StandardCharsets.UTF_8)); }

    static void account(String name, String space) {
        raw.create(ResourceKey.cluster(KioskKinds.ACCOUNTS, name), yaml("apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Account\nmetadata: {name: " + name
                + "}\nspec: {tenant: tenant-root, subjects: [{kind: User, name: john, apiGroup: rbac.authorization.k8s.io}], space: " + space + "}\n"));
    }

    static ObjectNode space(String name, String account) {
        return yaml("apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Space\nmetadata: {name: " + name + ", labels: {"
                + SpaceLabels.ACCOUNT + ": " + account + "}}\nspec: {account: " + account + ", cluster: c1}\n");
    }

    static ObjectNode create(String name, String account) { return store.create(ResourceKey.cluster(KioskKinds.SPACES, name), space(name, account)); }

    @Test
    void hundredConcurrentCreatesAgainstALimitOfTenGiveExactlyTen() throws Exception {
        account("race", "{limit: 10}");
        List<Future<Integer>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try {
                        create("race-" + n, "race");
                        return 201;
                    } catch (ApiException e) {
                        assertThat(e.getMessage()).isEqualTo("space limit of 10 reached for account race");
                        return e.code();
                    }
                }));
            }
        }
        int created = 0, refused = 0;
        for (Future<Integer> f : results) {
            if (f.get() == 201) created++;
            else if (f.get() == 403) refused++;
        }
        assertThat(created).isEqualTo(10);
        assertThat(refused).isEqualTo(90);
        assertThat(raw.list(ListOptions.all(KioskKinds.SPACES)).items()).filteredOn(s -> Objects.text(s, "spec.account").equals("race")).hasSize(10);
        // every Space has its namespace; no refused one left a namespace behind
        assertThat(raw.list(ListOptions.all("core/namespaces")).items()).filteredOn(n -> Objects.name(n).startsWith("race-")).hasSize(10);
    }

    @Test
    void templatesAreDeployedAndTheOwnersAreBoundInOneWrite() {
        account("tpl", "{clusterRole: kiosk-space-admin, templateInstances: [{spec: {template: good, parameters: [{name: A, value: '1'}]}}]}");
        create("tpl-1", "tpl");
        ObjectNode ti = raw.get(new ResourceKey(SpaceStore.TEMPLATE_INSTANCES, "tpl-1", "good")).orElseThrow();
        assertThat(Objects.text(ti, "status.status")).isEqualTo("Deployed");
        assertThat(Objects.text(ti, "status.templateResourceVersion")).isEqualTo("42");
        assertThat(ti.at("/spec/parameters/0/value").asText()).isEqualTo("1");
        ObjectNode rb = raw.get(new ResourceKey(SpaceStore.ROLE_BINDINGS, "tpl-1", "space-owners")).orElseThrow();
        assertThat(Objects.text(rb, "roleRef.name")).isEqualTo("kiosk-space-admin");
        assertThat(rb.at("/subjects/0/name").asText()).isEqualTo("john");
        // one transaction, the RoleBinding last: the TemplateInstance, what it rendered to, then the binding
        ObjectNode rendered = raw.get(dev.canopy.server.templates.RenderedTemplates.key("tpl-1", "good")).orElseThrow();
        assertThat(Long.parseLong(Objects.resourceVersion(rendered))).isEqualTo(Long.parseLong(Objects.resourceVersion(ti)) + 1);
        assertThat(Long.parseLong(Objects.resourceVersion(rb))).isEqualTo(Long.parseLong(Objects.resourceVersion(rendered)) + 1);
        ObjectNode ns = raw.get(ResourceKey.cluster("core/namespaces", "tpl-1")).orElseThrow();
        assertThat(Objects.labels(ns)).containsEntry(SpaceLabels.ACCOUNT, "tpl").containsEntry(SpaceLabels.KIOSK_ACCOUNT, "tpl");
    }

    @Test
    void aTemplateThatCannotRenderFailsTheCreateAndWritesNothing() {
        account("broken", "{templateInstances: [{spec: {template: good}}, {spec: {template: bad}}]}");
        long before = raw.revision();
        assertThatThrownBy(() -> create("broken-1", "broken")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(422);
            assertThat(e.getMessage()).contains("NOPE");
        });
        assertThat(raw.revision()).isEqualTo(before);
        assertThat(raw.get(ResourceKey.cluster(KioskKinds.SPACES, "broken-1"))).isEmpty();
        assertThat(raw.get(ResourceKey.cluster("core/namespaces", "broken-1"))).isEmpty();
    }

    @Test
    void noTemplatesMeansNoRender_andAnEmptyClusterRoleBindsNothing() {
        account("plain", "{clusterRole: ''}");
        int r = renders.get();
        create("plain-1", "plain");
        assertThat(renders.get()).isEqualTo(r);
        assertThat(raw.get(new ResourceKey(SpaceStore.ROLE_BINDINGS, "plain-1", "space-owners"))).isEmpty();
        assertThatThrownBy(() -> create("plain-1", "plain")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
    }

    @Test
    void movingASpaceToAFullAccountIsRefused_deletingASpaceDeletesItsNamespace() {
        account("from", "{}");
        account("full", "{limit: 1}");
        create("full-1", "full");
        ObjectNode s = create("mover", "from");
        ObjectNode moved = s.deepCopy();
        ((ObjectNode) moved.get("spec")).put("account", "full");
        assertThatThrownBy(() -> store.update(ResourceKey.cluster(KioskKinds.SPACES, "mover"), moved,
                new dev.canopy.store.ResourceStore.UpdateOptions(dev.canopy.store.ResourceStore.Subresource.MAIN, true)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("space limit of 1 reached for account full"));
        store.delete(ResourceKey.cluster(KioskKinds.SPACES, "mover"), null, null);
        ObjectNode ns = raw.get(ResourceKey.cluster("core/namespaces", "mover")).orElse(null);
        assertThat(ns == null || Objects.deleting(ns)).as("namespace gone or terminating").isTrue();
    }
}
