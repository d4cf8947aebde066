package dev.canopy.backbone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Identifies one Kubernetes object on a cluster. {@code namespace} is null for cluster-scoped objects;
 * {@code apiVersion} may be null when the kind is unambiguous (core kinds). Immutable.
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {
    public ObjectRef {
        Checks.text(kind, "kind");
        Checks.text(name, "name");
    }

    /** The reference of an object given as JSON. */
    public static ObjectRef of(ObjectNode object) {
        var md = object.path("metadata");
        return new ObjectRef(object.path("apiVersion").textValue(), object.path("kind").textValue(),
                md.path("namespace").textValue(), md.path("name").textValue());
    }
}
