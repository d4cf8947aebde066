package dev.canopy.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.Registry;
import dev.canopy.api.ResourceType;
import dev.canopy.api.selector.FieldSelector;
import dev.canopy.api.schema.OpenApi;
import dev.canopy.api.selector.LabelSelector;
import dev.canopy.server.admission.Admission;
import dev.canopy.server.admission.AdmissionRequest;
import dev.canopy.server.admission.Operation;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.patch.ManagedFields;
import dev.canopy.store.ListOptions;
import dev.canopy.store.ListResult;
import dev.canopy.store.ResourceKey;
import dev.canopy.store.ResourceStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves the resource paths of every registered kind: get, list, watch, create, update, patch, delete,
 * deletecollection, and the {@code /status} subresource. Each request is authorized first ({@link Access}),
 * then decoded, admitted ({@link Admission}) and written through the {@link ResourceStore}; responses use the
 * apiVersion the client addressed (alias groups included). Thread-safe; one call per request on a virtual thread.
 */
public final class ResourceHandler {
    private final Registry registry;
    private final ResourceStore store;
    private final Admission admission;
    private final Access access;
    private final Patcher patcher;
    private final Map<String, VirtualHandler> virtuals;
    private final Watcher watcher;
    private final Clock clock;

    public ResourceHandler(Registry registry, ResourceStore store, Admission admission, Access access, Patcher patcher,
                           Map<String, VirtualHandler> virtuals, Watcher watcher, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.admission = admission;
        this.access = access;
        this.patcher = patcher;
        this.virtuals = virtuals;
        this.watcher = watcher;
        this.clock = clock;
    }

    public void handle(Context ctx, UserInfo user, ApiPath.Resource p) throws Exception {
        ResourceType type = registry.find(p.group(), p.version(), p.plural())
                .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource (" +
                        (p.group().isEmpty() ? "" : p.group() + "/") + p.version() + " " + p.plural() + ")"));
        if (!type.namespaced() && !p.namespace().isEmpty()) {
            throw new ApiException(404, "NotFound", type.kind() + " is cluster-scoped; it has no namespaced path (drop /namespaces/" + p.namespace() + ")");
        }
        boolean dryRun = "All".equals(ctx.queryParam("dryRun"));
        RequestContext rc = new RequestContext(user, type, p.namespace(), p.name(), p.subresource(), dryRun);
        String method = ctx.method().name();

        String virtualKey = type.group() + "/" + type.plural() + (p.subresource().isEmpty() ? "" : "/" + p.subresource());
        VirtualHandler virtual = virtuals.get(virtualKey);
        if (virtual instanceof VirtualHandler.Reader reader && !p.name().isEmpty()) {
            if (!method.equals("GET")) throw ApiException.methodNotAllowed(method + " is not supported on " + virtualKey + "; use GET");
            access.check(user, "get", type, p.namespace(), p.name(), "");
            if (store.get(key(rc, p.name())).isEmpty()) throw ApiException.notFound(type.groupResource(), p.name());
            Responses.write(ctx, 200, reader.read(rc, ctx::queryParam));
            return;
        }
        if (virtual != null || !type.stored()) {
            if (!method.equals("POST") || virtual == null) throw ApiException.methodNotAllowed(method + " is not supported on " + virtualKey);
            access.check(user, "create", type, p.namespace(), p.name(), p.subresource());
            ObjectNode body = Bodies.decodeObject(Bodies.read(ctx.bodyInputStream(), ctx.req().getContentLengthLong()), ctx.contentType());
            if (p.subresource().isEmpty()) admission.checkBody(type, body, p.namespace(), ctx.queryParam("fieldValidation"), new ArrayList<>());
            Responses.write(ctx, 201, virtual.create(rc, body));
            return;
        }
        if (!p.subresource().isEmpty() && !(p.subresource().equals("status") && type.statusSubresource())) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource (" + type.plural() + "/" + p.subresource() + ")");
        }
        if (type.namespaced() && p.namespace().isEmpty() && !p.name().isEmpty()) {
            throw ApiException.badRequest("metadata.namespace: Required value: " + type.kind() + " is namespaced; the request must name a namespace");
        }
        switch (method) {
            case "GET" -> {
                if (!p.name().isEmpty()) get(ctx, rc);
                else if (isWatch(ctx)) watch(ctx, rc);
                else list(ctx, rc);
            }
            case "POST" -> {
                if (!p.name().isEmpty()) throw ApiException.methodNotAllowed("POST is not allowed on a named object; use PUT or PATCH");
                create(ctx, rc);
            }
            case "PUT" -> update(ctx, rc);
            case "PATCH" -> patch(ctx, rc);
            case "DELETE" -> {
                if (p.name().isEmpty()) deleteCollection(ctx, rc);
                else delete(ctx, rc);
            }
            default -> throw ApiException.methodNotAllowed(method + " is not supported");
        }
    }

    private static boolean isWatch(Context ctx) {
        String w = ctx.queryParam("watch");
        return "true".equals(w) || "1".equals(w);
    }

    private ResourceKey key(RequestContext rc, String name) {
        return new ResourceKey(rc.type().storageResource(), rc.type().namespaced() ? rc.namespace() : "", name);
    }

    private void get(Context ctx, RequestContext rc) {
        access.check(rc.user(), "get", rc.type(), rc.namespace(), rc.name(), rc.subresource());
        ObjectNode o = store.get(key(rc, rc.name())).orElseThrow(() -> ApiException.notFound(rc.type().groupResource(), rc.name()));
        ObjectNode served = Responses.served(o, rc.type());
        if (Tables.wanted(ctx.header("Accept"))) {
            Responses.write(ctx, 200, Tables.table(rc.type(), List.of(served), Objects.resourceVersion(o), null, null, true,
                    ctx.queryParam("includeObject"), clock.instant()));
        } else {
            Responses.write(ctx, 200, served);
        }
    }

    ListOptions listOptions(Context ctx, RequestContext rc) {
        ListOptions o = ListOptions.all(rc.type().storageResource());
        if (rc.type().namespaced() && !rc.namespace().isEmpty()) o = o.inNamespace(rc.namespace());
        String ls = ctx.queryParam("labelSelector");
        if (ls != null && !ls.isBlank()) o = o.withLabels(LabelSelector.parse(ls));
        String fs = ctx.queryParam("fieldSelector");
        if (fs != null && !fs.isBlank()) o = o.withFields(FieldSelector.parse(fs));
        String limit = ctx.queryParam("limit");
        int lim = 0;
        if (limit != null && !limit.isEmpty()) {
            try {
                lim = Integer.parseInt(limit);
                if (lim < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit: Invalid value: \"" + limit + "\": must be a non-negative integer");
            }
        }
        return o.page(lim, emptyToNull(ctx.queryParam("continue")));
    }

    private void list(Context ctx, RequestContext rc) {
        Visibility visible = access.checkCollection(rc.user(), "list", rc.type(), rc.namespace());
        ListOptions opts = listOptions(ctx, rc);
        checkResourceVersionParam(ctx.queryParam("resourceVersion"));
        String prefix = visible == Visibility.ALL ? null : visible.namespacePrefix();
        if (prefix != null && !prefix.isEmpty() && opts.namespace() == null) opts = opts.withNamespacePrefix(prefix);
        LabelSelector.Requirement narrow = visible == Visibility.ALL ? null : visible.labelRequirement();
        if (narrow != null) opts = opts.withLabels(narrowed(opts.labels(), narrow));
        ListResult r = store.list(opts);
        List<ObjectNode> items = new ArrayList<>(r.items().size());
        for (ObjectNode o : r.items()) {
            // a filtered list (ListFilter) holds only what the caller may see
            if (visible == Visibility.ALL || visible.visible(rc.user(), rc.type(), o)) items.add(Responses.served(o, rc.type()));
        }
        if (Tables.wanted(ctx.header("Accept"))) {
            Responses.write(ctx, 200, Tables.table(rc.type(), items, Long.toString(r.revision()), r.continueToken(),
                    r.remainingItemCount(), true, ctx.queryParam("includeObject"), clock.instant()));
            return;
        }
        ObjectNode list = Json.object();
        list.put("apiVersion", rc.type().apiVersion()).put("kind", rc.type().kind() + "List");
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(r.revision()));
        if (r.continueToken() != null) meta.put("continue", r.continueToken());
        if (r.remainingItemCount() != null) meta.put("remainingItemCount", r.remainingItemCount());
        ArrayNode arr = list.putArray("items");
        items.forEach(arr::add);
        Responses.write(ctx, 200, list);
    }

    /** The caller's selector and a visibility's requirement together (see {@link Visibility#labelRequirement}). */
    static LabelSelector narrowed(LabelSelector asked, LabelSelector.Requirement visible) {
        if (visible.values().isEmpty() || asked.isNothing()) return LabelSelector.NOTHING;
        List<LabelSelector.Requirement> all = new ArrayList<>(asked.requirements());
        all.add(visible);
        return LabelSelector.of(all);
    }

    /** A resourceVersion query parameter must be a revision number (or empty/"0"). */
    static long checkResourceVersionParam(String rv) {
        if (rv == null || rv.isEmpty()) return 0;
        try {
            long v = Long.parseLong(rv);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("resourceVersion: Invalid value: \"" + rv + "\": must be a non-negative integer (a resourceVersion returned by this server)");
        }
    }

    private void watch(Context ctx, RequestContext rc) throws Exception {
        Visibility visible = access.checkCollection(rc.user(), "watch", rc.type(), rc.namespace());
        ListOptions opts = listOptions(ctx, rc);
        long from = checkResourceVersionParam(ctx.queryParam("resourceVersion"));
        watcher.serve(ctx, rc, opts, from, visible);
    }

    private void create(Context ctx, RequestContext rc) {
        List<String> warnings = new ArrayList<>();
        ObjectNode body = Bodies.decodeObject(Bodies.read(ctx.bodyInputStream(), ctx.req().getContentLengthLong()), ctx.contentType());
        access.check(rc.user(), "create", rc.type(), rc.namespace(), "", "");
        admission.checkBody(rc.type(), body, rc.namespace(), ctx.queryParam("fieldValidation"), warnings);
        if (rc.type().namespaced()) {
            if (rc.namespace().isEmpty()) throw ApiException.badRequest("metadata.namespace: Required value: " + rc.type().kind() + " is namespaced; POST to /namespaces/{namespace}/" + rc.type().plural());
            Objects.metadata(body).put("namespace", rc.namespace());
        } else {
            Objects.metadata(body).remove("namespace");
        }
        ObjectNode obj = toStored(body, rc.type());
        stripServerFields(obj);
        if (rc.type().statusSubresource()) obj.remove("status");
        obj = ManagedFields.recordUpdate(null, obj, manager(ctx), rc.type().apiVersion(), clock.instant());
        admission.admit(new AdmissionRequest(Operation.CREATE, rc, obj, null, warnings));
        ObjectNode created = rc.dryRun() ? obj : store.create(key(rc, Objects.name(obj)), obj);
        warnings.forEach(w -> ctx.header("Warning", "299 - \"" + w.replace("\"", "'") + "\""));
        Responses.write(ctx, 201, Responses.served(created, rc.type()));
    }

    private void update(Context ctx, RequestContext rc) {
        List<String> warnings = new ArrayList<>();
        ObjectNode body = Bodies.decodeObject(Bodies.read(ctx.bodyInputStream(), ctx.req().getContentLengthLong()), ctx.contentType());
        access.check(rc.user(), "update", rc.type(), rc.namespace(), rc.name(), rc.subresource());
        admission.checkBody(rc.type(), body, rc.namespace(), ctx.queryParam("fieldValidation"), warnings);
        String bodyName = Objects.name(body);
        if (!bodyName.equals(rc.name())) {
            throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + rc.name() + ")");
        }
        ObjectNode updated = write(rc, toStored(body, rc.type()), warnings, manager(ctx));
        warnings.forEach(w -> ctx.header("Warning", "299 - \"" + w.replace("\"", "'") + "\""));
        Responses.write(ctx, 200, Responses.served(updated, rc.type()));
    }

    /** Admits and stores a full object for an update (PUT or the result of a PATCH). */
    private ObjectNode write(RequestContext rc, ObjectNode obj, List<String> warnings, String manager) {
        ResourceKey key = key(rc, rc.name());
        ObjectNode old = store.get(key).orElseThrow(() -> ApiException.notFound(rc.type().groupResource(), rc.name()));
        if (rc.type().namespaced()) Objects.metadata(obj).put("namespace", rc.namespace());
        if (manager != null) {
            // who changed which fields, so a later server-side apply sees the right owners
            obj = ManagedFields.recordUpdate(Responses.served(old, rc.type()), obj, manager, rc.type().apiVersion(), rc.subresource(), clock.instant());
        }
        admission.admit(new AdmissionRequest(Operation.UPDATE, rc, obj, old, warnings));
        if (rc.dryRun()) return obj;
        var sub = rc.subresource().equals("status") ? ResourceStore.Subresource.STATUS : ResourceStore.Subresource.MAIN;
        return store.update(key, obj, new ResourceStore.UpdateOptions(sub, rc.type().statusSubresource()));
    }

    private void patch(Context ctx, RequestContext rc) {
        List<String> warnings = new ArrayList<>();
        byte[] body = Bodies.read(ctx.bodyInputStream(), ctx.req().getContentLengthLong());
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        boolean apply = contentType.startsWith("application/apply-patch");
        if (contentType.startsWith("application/strategic-merge-patch") && !OpenApi.acceptsStrategicMergePatch(rc.type())) {
            // as for CRDs: strategic merge needs Kubernetes' own list metadata, which Canopy's kinds do not declare
            throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }
        access.check(rc.user(), "patch", rc.type(), rc.namespace(), rc.name(), rc.subresource());
        String manager = ctx.queryParam("fieldManager");
        boolean force = "true".equals(ctx.queryParam("force"));
        ResourceKey key = key(rc, rc.name());
        for (int attempt = 0; ; attempt++) {
            ObjectNode current = store.get(key).orElse(null);
            if (current == null && !apply) throw ApiException.notFound(rc.type().groupResource(), rc.name());
            if (current == null) {
                // server-side apply of an absent object creates it (create must be allowed too)
                access.check(rc.user(), "create", rc.type(), rc.namespace(), "", "");
                ObjectNode obj = toStored(patcher.patch(contentType, null, body, rc.type(), manager, force), rc.type());
                admission.checkBody(rc.type(), obj, rc.namespace(), ctx.queryParam("fieldValidation"), warnings);
                if (rc.type().namespaced()) Objects.metadata(obj).put("namespace", rc.namespace());
                if (!Objects.name(obj).equals(rc.name())) throw ApiException.badRequest("the name of the object (" + Objects.name(obj) + ") does not match the name on the URL (" + rc.name() + ")");
                stripServerFields(obj);
                admission.admit(new AdmissionRequest(Operation.CREATE, rc, obj, null, warnings));
                ObjectNode created = rc.dryRun() ? obj : store.create(key, obj);
                Responses.write(ctx, 201, Responses.served(created, rc.type()));
                return;
            }
            ObjectNode patched = patcher.patch(contentType, Responses.served(current, rc.type()), body, rc.type(), manager, force);
            admission.checkBody(rc.type(), patched, rc.namespace(), ctx.queryParam("fieldValidation"), warnings);
            if (!Objects.name(patched).equals(rc.name())) throw ApiException.badRequest("metadata.name: a patch may not change the name of the object");
            // the patch was computed against `current`: store it only if nothing changed in between, else recompute
            Objects.metadata(patched).put("resourceVersion", Objects.resourceVersion(current));
            try {
                ObjectNode updated = write(rc, toStored(patched, rc.type()), warnings, apply ? null : manager(ctx));
                warnings.forEach(w -> ctx.header("Warning", "299 - \"" + w.replace("\"", "'") + "\""));
                Responses.write(ctx, 200, Responses.served(updated, rc.type()));
                return;
            } catch (ApiException e) {
                if (e.code() != 409 || !"Conflict".equals(e.reason()) || attempt >= 5) throw e;
            }
        }
    }

    private void delete(Context ctx, RequestContext rc) {
        access.check(rc.user(), "delete", rc.type(), rc.namespace(), rc.name(), "");
        ResourceKey key = key(rc, rc.name());
        ObjectNode old = store.get(key).orElseThrow(() -> ApiException.notFound(rc.type().groupResource(), rc.name()));
        String preUid = null, preRv = null;
        byte[] body = Bodies.read(ctx.bodyInputStream(), ctx.req().getContentLengthLong());
        if (body.length > 0) {
            ObjectNode opts = Bodies.decodeObject(body, ctx.contentType());
            preUid = emptyToNull(Objects.text(opts, "preconditions.uid"));
            preRv = emptyToNull(Objects.text(opts, "preconditions.resourceVersion"));
        }
        admission.admit(new AdmissionRequest(Operation.DELETE, rc, old, old, new ArrayList<>()));
        ObjectNode result = rc.dryRun() ? old : store.delete(key, preUid, preRv);
        // kube answers 200 with the object while finalizers hold it, and with the object (or a Status) once gone
        Responses.write(ctx, Objects.deleting(result) && !Objects.finalizers(result).isEmpty() ? 202 : 200, Responses.served(result, rc.type()));
    }

    private void deleteCollection(Context ctx, RequestContext rc) {
        access.check(rc.user(), "deletecollection", rc.type(), rc.namespace(), "", "");
        ListOptions opts = listOptions(ctx, rc).page(0, null);
        ListResult r = store.list(opts);
        ObjectNode list = Json.object();
        list.put("apiVersion", rc.type().apiVersion()).put("kind", rc.type().kind() + "List");
        list.putObject("metadata").put("resourceVersion", Long.toString(r.revision()));
        ArrayNode arr = list.putArray("items");
        for (ObjectNode o : r.items()) {
            RequestContext one = new RequestContext(rc.user(), rc.type(), Objects.namespace(o), Objects.name(o), "", rc.dryRun());
            admission.admit(new AdmissionRequest(Operation.DELETE, one, o, o, new ArrayList<>()));
            if (!rc.dryRun()) {
                try {
                    arr.add(Responses.served(store.delete(key(one, Objects.name(o)), null, null), rc.type()));
                } catch (ApiException e) {
                    if (e.code() != 404) throw e;
                }
            }
        }
        Responses.write(ctx, 200, list);
    }

    /** The object as stored: under the canonical apiVersion of its kind, whatever alias the client used. */
    private ObjectNode toStored(ObjectNode body, ResourceType type) {
        ResourceType canonical = registry.canonical(type.storageResource()).orElse(type);
        ObjectNode o = Responses.served(body, canonical);
        return o;
    }

    /** Fields only the server sets on create. */
    private static void stripServerFields(ObjectNode obj) {
        ObjectNode m = Objects.metadata(obj);
        m.remove(List.of("uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"));
    }

    /** The field manager of a non-apply write: {@code ?fieldManager=}, else the client's name from its User-Agent, as kube does. */
    private static String manager(Context ctx) {
        String m = ctx.queryParam("fieldManager");
        if (m != null && !m.isEmpty()) {
            if (m.length() > 128) throw ApiException.badRequest("fieldManager: Invalid value: must be no more than 128 characters");
            return m;
        }
        String ua = ctx.userAgent();
        if (ua == null || ua.isBlank()) return "unknown";
        String first = ua.split("[/ ]", 2)[0];
        return first.length() > 128 ? first.substring(0, 128) : first;
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }
}
