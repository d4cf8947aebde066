package dev.canopy.server.http.proto;

import static dev.canopy.server.http.proto.Field.bool;
import static dev.canopy.server.http.proto.Field.fieldsV1;
import static dev.canopy.server.http.proto.Field.int64;
import static dev.canopy.server.http.proto.Field.message;
import static dev.canopy.server.http.proto.Field.messages;
import static dev.canopy.server.http.proto.Field.str;
import static dev.canopy.server.http.proto.Field.stringMap;
import static dev.canopy.server.http.proto.Field.strings;
import static dev.canopy.server.http.proto.Field.time;

/**
 * Tables for {@code k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto} (package
 * {@code k8s.io.apimachinery.pkg.apis.meta.v1}). Field numbers are copied from that file; JSON names from the Go
 * struct tags. Constants only: thread-safe.
 */
public final class MetaTypes {
    private MetaTypes() {}

    /** OwnerReference: kind 1, name 3, uid 4, apiVersion 5, controller 6 (*bool), blockOwnerDeletion 7 (*bool). */
    public static final MessageType OWNER_REFERENCE = MessageType.of("OwnerReference",
            str(5, "apiVersion"),
            str(1, "kind"),
            str(3, "name"),
            str(4, "uid"),
            bool(6, "controller").pointer(),
            bool(7, "blockOwnerDeletion").pointer());

    /** ManagedFieldsEntry: manager 1, operation 2, apiVersion 3, time 4, fieldsType 6, fieldsV1 7, subresource 8. */
    public static final MessageType MANAGED_FIELDS_ENTRY = MessageType.of("ManagedFieldsEntry",
            str(1, "manager"),
            str(2, "operation"),
            str(3, "apiVersion"),
            time(4, "time"),
            str(6, "fieldsType"),
            fieldsV1(7, "fieldsV1"),
            str(8, "subresource"));

    /**
     * ObjectMeta: name 1, generateName 2, namespace 3, selfLink 4, uid 5, resourceVersion 6, generation 7,
     * creationTimestamp 8, deletionTimestamp 9, deletionGracePeriodSeconds 10 (*int64), labels 11, annotations 12,
     * ownerReferences 13, finalizers 14, managedFields 17.
     */
    public static final MessageType OBJECT_META = MessageType.of("ObjectMeta",
            str(1, "name"),
            str(2, "generateName"),
            str(3, "namespace"),
            str(4, "selfLink"),
            str(5, "uid"),
            str(6, "resourceVersion"),
            int64(7, "generation"),
            time(8, "creationTimestamp"),
            time(9, "deletionTimestamp"),
            int64(10, "deletionGracePeriodSeconds").pointer(),
            stringMap(11, "labels"),
            stringMap(12, "annotations"),
            messages(13, "ownerReferences", OWNER_REFERENCE),
            strings(14, "finalizers"),
            messages(17, "managedFields", MANAGED_FIELDS_ENTRY));

    /** LabelSelectorRequirement: key 1, operator 2, values 3. */
    public static final MessageType LABEL_SELECTOR_REQUIREMENT = MessageType.of("LabelSelectorRequirement",
            str(1, "key"),
            str(2, "operator"),
            strings(3, "values"));

    /** LabelSelector: matchLabels 1, matchExpressions 2. */
    public static final MessageType LABEL_SELECTOR = MessageType.of("LabelSelector",
            stringMap(1, "matchLabels"),
            messages(2, "matchExpressions", LABEL_SELECTOR_REQUIREMENT));

    /** Preconditions: uid 1 (*string), resourceVersion 2 (*string). */
    public static final MessageType PRECONDITIONS = MessageType.of("Preconditions",
            str(1, "uid").pointer(),
            str(2, "resourceVersion").pointer());

    /**
     * DeleteOptions: gracePeriodSeconds 1 (*int64), preconditions 2, orphanDependents 3 (*bool),
     * propagationPolicy 4 (*string), dryRun 5.
     */
    public static final MessageType DELETE_OPTIONS = MessageType.of("DeleteOptions",
            int64(1, "gracePeriodSeconds").pointer(),
            message(2, "preconditions", PRECONDITIONS),
            bool(3, "orphanDependents").pointer(),
            str(4, "propagationPolicy").pointer(),
            strings(5, "dryRun"));
}
