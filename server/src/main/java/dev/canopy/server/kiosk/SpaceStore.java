package dev.canopy.server.kiosk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.kiosk.KioskKinds;
import dev.canopy.api.kiosk.SpaceLabels;
import dev.canopy.api.selector.LabelSelector;
import dev.canopy.server.controllers.NamespaceLifecycle;
import dev.canopy.store.Command;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ListResult;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import dev.canopy.store.Watch;
import dev.canopy.tenancy.kiosk.SpaceRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 5: the Space flow made atomic. The API's store is wrapped by this decorator; everything but Spaces
 * passes through.
 *
 * <p><b>Create</b> (after {@link KioskAdmission}): first the account's TemplateInstances are rendered for the
 * new namespace through {@link TemplateRendering} (outside the writer lock; any failure fails the create and
 * nothing is written); then ONE {@link ResourceStore#transact} decides and writes: the Space does not exist,
 * nor its namespace; the account still exists; the account's Spaces (counted by label inside the
 * transaction) are below {@code spec.space.limit} (else 403 "space limit of N reached for account X"); then
 * Space, Namespace (with {@link SpaceLabels}), the TemplateInstances (status Deployed with the template's
 * resourceVersion) and last the owners RoleBinding — all or nothing. Because the single writer orders
 * transactions, 100 concurrent creates against a limit of 10 give exactly 10 Spaces.
 *
 * <p><b>Update</b> moving a Space to another account checks the new account's limit the same way; the
 * {@link SpaceController} then moves the RoleBinding and labels. <b>Delete</b> deletes the Space, then its
 * namespace (which takes what is in it); the {@link SpaceController} deletes a labelled namespace whose Space is gone,
 * which covers a crash in between.
 *
 * <p>Thread-safe; the commands are pure apart from their view (the store may retry them).
 */
public final class SpaceStore implements ResourceStore {
    static final String TEMPLATE_INSTANCES = KioskKinds.GROUP + "/templateinstances";
    static final String NAMESPACES = "core/namespaces";
    static final String ROLE_BINDINGS = "rbac.authorization.k8s.io/rolebindings";

    private final ResourceStore store;
    private final TemplateRendering rendering;
    private final Clock clock;

    public SpaceStore(ResourceStore store, TemplateRendering rendering, Clock clock) {
        this.store = store;
        this.rendering = rendering;
        this.clock = clock;
    }

    @Override
    public ObjectNode create(ResourceKey key, ObjectNode space) {
        if (!key.resource().equals(KioskKinds.SPACES)) return store.create(key, space);
        String name = key.name().isEmpty() ? Objects.name(space) : key.name();
        ResourceKey k = ResourceKey.cluster(KioskKinds.SPACES, name);
        String accountName = Objects.text(space, "spec.account");
        ResourceKey accountKey = ResourceKey.cluster(KioskKinds.ACCOUNTS, accountName);
        ObjectNode account = store.get(accountKey).orElseThrow(() -> ApiException.notFound("accounts.tenancy.canopy.dev", accountName));
        if (name.isEmpty()) throw ApiException.invalid("Space", "", dev.canopy.api.FieldError.required("metadata.name", "a Space is named (its namespace gets the name)"));
        // admission set these already; the store does not rely on it (the limit counts by the account label)
        Map<String, String> want = SpaceRules.labels(account, Objects.labels(space), Objects.text(space, "spec.cluster"));
        ObjectNode labels = Objects.metadata(space).putObject("labels");
        want.forEach(labels::put);
        ObjectNode namespace = namespace(space);
        Map<ObjectNode, TemplateRendering.Rendered> instances = render(account, namespace);
        store.transact(List.of(k, ResourceKey.cluster(NAMESPACES, name), accountKey), view -> {
            if (view.get(k).isPresent()) throw ApiException.alreadyExists("spaces.tenancy.canopy.dev", name);
            if (view.get(ResourceKey.cluster(NAMESPACES, name)).isPresent()) throw ApiException.alreadyExists("namespaces", name);
            ObjectNode current = view.get(accountKey).orElseThrow(() -> ApiException.notFound("accounts.tenancy.canopy.dev", accountName));
            checkLimit(view, current);
            List<Command.Write> writes = new ArrayList<>();
            ObjectNode stored = space.deepCopy();
            stored.putObject("status").put("phase", "Active");   // its namespace's, written with it
            writes.add(new Command.Put(k, stored));
            writes.add(new Command.Put(ResourceKey.cluster(NAMESPACES, name), namespace));
            instances.forEach((ti, rendered) -> {
                writes.add(new Command.Put(new ResourceKey(TEMPLATE_INSTANCES, name, Objects.name(ti)), ti));
                // the rendered objects in the same write: they reach the cluster with the namespace, before the binding
                writes.add(dev.canopy.server.templates.RenderedTemplates.put(ti, name, rendered));
            });
            SpaceRules.ownersBinding(current, name).ifPresent(rb -> writes.add(new Command.Put(new ResourceKey(ROLE_BINDINGS, name, Objects.name(rb)), rb)));
            return new Command.Decision<>(writes, null);
        });
        return store.get(k).orElseThrow(() -> ApiException.notFound("spaces.tenancy.canopy.dev", name));
    }

    /** The account's TemplateInstances (as they will be stored, status Deployed) and what each rendered to, in order. */
    private Map<ObjectNode, TemplateRendering.Rendered> render(ObjectNode account, ObjectNode namespace) {
        Map<ObjectNode, TemplateRendering.Rendered> out = new java.util.LinkedHashMap<>();
        for (ObjectNode ti : SpaceRules.templateInstances(account, Objects.name(namespace))) {
            TemplateRendering.Rendered r = rendering.render(ti, namespace);
            ObjectNode status = ti.putObject("status");
            status.put("status", "Deployed").put("templateResourceVersion", r.templateResourceVersion())
                    .put("lastAppliedAt", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            out.put(ti, r);
        }
        return out;
    }

    /** 403 when the account's Spaces (read in the transaction) already reach its limit. */
    static void checkLimit(Command.View view, ObjectNode account) {
        if (!Objects.at(account, "spec.space.limit").isNumber()) return;
        int count = view.list(ListOptions.all(KioskKinds.SPACES)
                .withLabels(LabelSelector.matchLabels(Map.of(SpaceLabels.ACCOUNT, Objects.name(account))))).size();
        Optional<ApiException> refused = SpaceRules.limitReached(account, count);
        if (refused.isPresent()) throw refused.get();
    }

    /** The management-plane namespace of a Space: its name, the Space's labels and annotations, the content finalizer. */
    static ObjectNode namespace(ObjectNode space) {
        ObjectNode ns = Json.object();
        ns.put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode md = ns.putObject("metadata").put("name", Objects.name(space));
        ObjectNode labels = md.putObject("labels");
        Objects.labels(space).forEach(labels::put);
        labels.put("kubernetes.io/metadata.name", Objects.name(space));
        Map<String, String> ann = Objects.annotations(space);
        if (!ann.isEmpty()) {
            ObjectNode a = md.putObject("annotations");
            ann.forEach(a::put);
        }
        md.putArray("finalizers").add(NamespaceLifecycle.FINALIZER);
        ns.putObject("status").put("phase", "Active");
        return ns;
    }

    @Override
    public ObjectNode update(ResourceKey key, ObjectNode object, UpdateOptions options) {
        if (!key.resource().equals(KioskKinds.SPACES) || options.subresource() != Subresource.MAIN) return store.update(key, object, options);
        ObjectNode old = store.get(key).orElseThrow(() -> ApiException.notFound("spaces.tenancy.canopy.dev", key.name()));
        String to = Objects.text(object, "spec.account");
        if (to.equals(Objects.text(old, "spec.account"))) return store.update(key, object, options);
        store.transact(List.of(key, ResourceKey.cluster(KioskKinds.ACCOUNTS, to)), view -> {
            ObjectNode current = view.get(key).orElseThrow(() -> ApiException.notFound("spaces.tenancy.canopy.dev", key.name()));
            String rv = Objects.resourceVersion(object);
            if (!rv.isEmpty() && !rv.equals(Objects.resourceVersion(current))) {
                throw ApiException.conflict("spaces.tenancy.canopy.dev", key.name(), "the object has been modified; please apply your changes to the latest version and try again");
            }
            ObjectNode account = view.get(ResourceKey.cluster(KioskKinds.ACCOUNTS, to)).orElseThrow(() -> ApiException.notFound("accounts.tenancy.canopy.dev", to));
            checkLimit(view, account);
            ObjectNode next = object.deepCopy();
            if (current.has("status")) next.set("status", current.get("status").deepCopy());
            else next.remove("status");
            return new Command.Decision<>(List.of(new Command.Put(key, next)), null);
        });
        return store.get(key).orElseThrow(() -> ApiException.notFound("spaces.tenancy.canopy.dev", key.name()));
    }

    @Override
    public ObjectNode delete(ResourceKey key, String uid, String rv) {
        ObjectNode out = store.delete(key, uid, rv);
        if (key.resource().equals(KioskKinds.SPACES)) deleteNamespace(store, key.name());
        return out;
    }

    /** Deletes a Space's namespace (if it is one: it carries the account label); absent is fine. */
    static void deleteNamespace(ResourceStore store, String name) {
        ResourceKey nsKey = ResourceKey.cluster(NAMESPACES, name);
        Optional<ObjectNode> ns = store.get(nsKey);
        if (ns.isEmpty() || Objects.deleting(ns.get()) || !Objects.labels(ns.get()).containsKey(SpaceLabels.ACCOUNT)) return;
        try {
            store.delete(nsKey, Objects.uid(ns.get()), null);
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) throw e;
        }
    }

    // ------------------------------------------------------------------ pass-through

    @Override public Optional<ObjectNode> get(ResourceKey key) { return store.get(key); }
    @Override public ListResult list(ListOptions options) { return store.list(options); }
    @Override public Watch watch(ListOptions options, long fromRevision) { return store.watch(options, fromRevision); }
    @Override public long revision() { return store.revision(); }
    @Override public long compactedRevision() { return store.compactedRevision(); }
    @Override public void compact(long revision) { store.compact(revision); }
    @Override public <R> R transact(Command<R> command) { return store.transact(command); }
    @Override public <R> R transact(List<ResourceKey> prefetch, Command<R> command) { return store.transact(prefetch, command); }

    /** The wrapped store is owned by whoever created it. */
    @Override public void close() { }
}
