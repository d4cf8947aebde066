package dev.canopy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.selector.FieldSelector;
import dev.canopy.api.selector.LabelSelector;
import dev.canopy.store.ResourceStore.Subresource;
import dev.canopy.store.ResourceStore.UpdateOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lifecycle and helpers of {@link ResourceStoreContract}: a fresh store per test and small object builders. */
public abstract class ResourceStoreFixture {
    protected static final String CM = "core/configmaps";
    protected static final Duration WAIT = Duration.ofSeconds(5);
    protected ResourceStore store;

    protected abstract ResourceStore newStore();

    @BeforeEach
    void open() { store = newStore(); }

    @AfterEach
    void closeStore() { store.close(); }

    protected static ResourceKey key(String ns, String name) { return new ResourceKey(CM, ns, name); }

    protected static ObjectNode cm(String name, Map<String, String> labels) {
        ObjectNode o = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode m = o.putObject("metadata").put("name", name);
        if (!labels.isEmpty()) m.set("labels", Json.toObject(labels));
        o.putObject("data").put("k", "v");
        return o;
    }

    protected ObjectNode create(String ns, String name, Map<String, String> labels) {
        return store.create(key(ns, name), cm(name, labels));
    }

    protected static ApiException apiError(ThrowingCallable call) {
        try {
            call.call();
        } catch (ApiException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected an ApiException but got " + t, t);
        }
        throw new AssertionError("expected an ApiException");
    }


    protected ObjectNode ownedBy(String name, ObjectNode... owners) {
        ObjectNode o = cm(name, Map.of());
        var refs = ((ObjectNode) o.get("metadata")).putArray("ownerReferences");
        for (ObjectNode owner : owners) refs.add(ref(owner));
        return store.create(key("ns", name), o);
    }

    protected static ObjectNode ref(ObjectNode owner) {
        return Json.object().put("apiVersion", "v1").put("kind", "ConfigMap").put("name", Objects.name(owner)).put("uid", Objects.uid(owner));
    }

    protected static List<String> names(ListResult r) {
        return r.items().stream().map(o -> Objects.namespace(o) + "/" + Objects.name(o)).toList();
    }

    protected static ObjectNode withLabel(ObjectNode o, String k, String v) {
        ObjectNode c = o.deepCopy();
        Objects.metadata(c).withObject("labels").put(k, v);
        return c;
    }

}
