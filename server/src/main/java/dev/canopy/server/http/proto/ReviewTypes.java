package dev.canopy.server.http.proto;

import static dev.canopy.server.http.proto.Field.bool;
import static dev.canopy.server.http.proto.Field.int64;
import static dev.canopy.server.http.proto.Field.message;
import static dev.canopy.server.http.proto.Field.messages;
import static dev.canopy.server.http.proto.Field.str;
import static dev.canopy.server.http.proto.Field.stringListMap;
import static dev.canopy.server.http.proto.Field.strings;
import static dev.canopy.server.http.proto.Field.time;
import static dev.canopy.server.http.proto.MetaTypes.LABEL_SELECTOR_REQUIREMENT;
import static dev.canopy.server.http.proto.MetaTypes.OBJECT_META;

/**
 * Tables for {@code k8s.io/api/authorization/v1/generated.proto} ({@code kubectl auth can-i}, {@code --list}) and
 * {@code k8s.io/api/authentication/v1/generated.proto} ({@code kubectl auth whoami}, {@code kubectl create token}).
 * Field numbers are copied from those files. Constants only: thread-safe.
 */
public final class ReviewTypes {
    private ReviewTypes() {}

    // ---- authorization/v1 ----

    /** FieldSelectorRequirement: key 1, operator 2, values 3. */
    public static final MessageType FIELD_SELECTOR_REQUIREMENT = MessageType.of("FieldSelectorRequirement",
            str(1, "key"),
            str(2, "operator"),
            strings(3, "values"));

    /** FieldSelectorAttributes: rawSelector 1, requirements 2. */
    public static final MessageType FIELD_SELECTOR_ATTRIBUTES = MessageType.of("FieldSelectorAttributes",
            str(1, "rawSelector"),
            messages(2, "requirements", FIELD_SELECTOR_REQUIREMENT));

    /** LabelSelectorAttributes: rawSelector 1, requirements 2 (meta/v1 LabelSelectorRequirement). */
    public static final MessageType LABEL_SELECTOR_ATTRIBUTES = MessageType.of("LabelSelectorAttributes",
            str(1, "rawSelector"),
            messages(2, "requirements", LABEL_SELECTOR_REQUIREMENT));

    /**
     * ResourceAttributes: namespace 1, verb 2, group 3, version 4, resource 5, subresource 6, name 7,
     * fieldSelector 8, labelSelector 9.
     */
    public static final MessageType RESOURCE_ATTRIBUTES = MessageType.of("ResourceAttributes",
            str(1, "namespace"),
            str(2, "verb"),
            str(3, "group"),
            str(4, "version"),
            str(5, "resource"),
            str(6, "subresource"),
            str(7, "name"),
            message(8, "fieldSelector", FIELD_SELECTOR_ATTRIBUTES),
            message(9, "labelSelector", LABEL_SELECTOR_ATTRIBUTES));

    /** NonResourceAttributes: path 1, verb 2. */
    public static final MessageType NON_RESOURCE_ATTRIBUTES = MessageType.of("NonResourceAttributes",
            str(1, "path"),
            str(2, "verb"));

    /** SubjectAccessReviewSpec: resourceAttributes 1, nonResourceAttributes 2, user 3, groups 4, extra 5, uid 6. */
    public static final MessageType SUBJECT_ACCESS_REVIEW_SPEC = MessageType.of("SubjectAccessReviewSpec",
            message(1, "resourceAttributes", RESOURCE_ATTRIBUTES),
            message(2, "nonResourceAttributes", NON_RESOURCE_ATTRIBUTES),
            str(3, "user"),
            strings(4, "groups"),
            stringListMap(5, "extra"),
            str(6, "uid"));

    /** SelfSubjectAccessReviewSpec: resourceAttributes 1, nonResourceAttributes 2. */
    public static final MessageType SELF_SUBJECT_ACCESS_REVIEW_SPEC = MessageType.of("SelfSubjectAccessReviewSpec",
            message(1, "resourceAttributes", RESOURCE_ATTRIBUTES),
            message(2, "nonResourceAttributes", NON_RESOURCE_ATTRIBUTES));

    /** SubjectAccessReviewStatus: allowed 1, denied 4, reason 2, evaluationError 3. */
    public static final MessageType SUBJECT_ACCESS_REVIEW_STATUS = MessageType.of("SubjectAccessReviewStatus",
            bool(1, "allowed"),
            bool(4, "denied"),
            str(2, "reason"),
            str(3, "evaluationError"));

    /** SelfSubjectRulesReviewSpec: namespace 1. */
    public static final MessageType SELF_SUBJECT_RULES_REVIEW_SPEC = MessageType.of("SelfSubjectRulesReviewSpec",
            str(1, "namespace"));

    /** ResourceRule: verbs 1, apiGroups 2, resources 3, resourceNames 4. */
    public static final MessageType RESOURCE_RULE = MessageType.of("ResourceRule",
            strings(1, "verbs"),
            strings(2, "apiGroups"),
            strings(3, "resources"),
            strings(4, "resourceNames"));

    /** NonResourceRule: verbs 1, nonResourceURLs 2. */
    public static final MessageType NON_RESOURCE_RULE = MessageType.of("NonResourceRule",
            strings(1, "verbs"),
            strings(2, "nonResourceURLs"));

    /** SubjectRulesReviewStatus: resourceRules 1, nonResourceRules 2, incomplete 3, evaluationError 4. */
    public static final MessageType SUBJECT_RULES_REVIEW_STATUS = MessageType.of("SubjectRulesReviewStatus",
            messages(1, "resourceRules", RESOURCE_RULE),
            messages(2, "nonResourceRules", NON_RESOURCE_RULE),
            bool(3, "incomplete"),
            str(4, "evaluationError"));

    /** SubjectAccessReview and LocalSubjectAccessReview: metadata 1, spec 2, status 3. */
    public static final MessageType SUBJECT_ACCESS_REVIEW = MessageType.of("SubjectAccessReview",
            message(1, "metadata", OBJECT_META),
            message(2, "spec", SUBJECT_ACCESS_REVIEW_SPEC),
            message(3, "status", SUBJECT_ACCESS_REVIEW_STATUS));

    /** SelfSubjectAccessReview: metadata 1, spec 2, status 3. */
    public static final MessageType SELF_SUBJECT_ACCESS_REVIEW = MessageType.of("SelfSubjectAccessReview",
            message(1, "metadata", OBJECT_META),
            message(2, "spec", SELF_SUBJECT_ACCESS_REVIEW_SPEC),
            message(3, "status", SUBJECT_ACCESS_REVIEW_STATUS));

    /** SelfSubjectRulesReview: metadata 1, spec 2, status 3. */
    public static final MessageType SELF_SUBJECT_RULES_REVIEW = MessageType.of("SelfSubjectRulesReview",
            message(1, "metadata", OBJECT_META),
            message(2, "spec", SELF_SUBJECT_RULES_REVIEW_SPEC),
            message(3, "status", SUBJECT_RULES_REVIEW_STATUS));

    // ---- authentication/v1 ----

    /** UserInfo: username 1, uid 2, groups 3, extra 4. */
    public static final MessageType USER_INFO = MessageType.of("UserInfo",
            str(1, "username"),
            str(2, "uid"),
            strings(3, "groups"),
            stringListMap(4, "extra"));

    /** SelfSubjectReviewStatus: userInfo 1. */
    public static final MessageType SELF_SUBJECT_REVIEW_STATUS = MessageType.of("SelfSubjectReviewStatus",
            message(1, "userInfo", USER_INFO));

    /** SelfSubjectReview: metadata 1, status 2 (it has no spec). */
    public static final MessageType SELF_SUBJECT_REVIEW = MessageType.of("SelfSubjectReview",
            message(1, "metadata", OBJECT_META),
            message(2, "status", SELF_SUBJECT_REVIEW_STATUS));

    /** TokenReviewSpec: token 1, audiences 2. */
    public static final MessageType TOKEN_REVIEW_SPEC = MessageType.of("TokenReviewSpec",
            str(1, "token"),
            strings(2, "audiences"));

    /** TokenReviewStatus: authenticated 1, user 2, audiences 4, error 3. */
    public static final MessageType TOKEN_REVIEW_STATUS = MessageType.of("TokenReviewStatus",
            bool(1, "authenticated"),
            message(2, "user", USER_INFO),
            strings(4, "audiences"),
            str(3, "error"));

    /** TokenReview: metadata 1, spec 2, status 3. */
    public static final MessageType TOKEN_REVIEW = MessageType.of("TokenReview",
            message(1, "metadata", OBJECT_META),
            message(2, "spec", TOKEN_REVIEW_SPEC),
            message(3, "status", TOKEN_REVIEW_STATUS));

    /** BoundObjectReference: kind 1, apiVersion 2 (proto name aPIVersion), name 3, uid 4 (proto name uID). */
    public static final MessageType BOUND_OBJECT_REFERENCE = MessageType.of("BoundObjectReference",
            str(1, "kind"),
            str(2, "apiVersion"),
            str(3, "name"),
            str(4, "uid"));

    /** TokenRequestSpec: audiences 1, expirationSeconds 4 (*int64), boundObjectRef 3. */
    public static final MessageType TOKEN_REQUEST_SPEC = MessageType.of("TokenRequestSpec",
            strings(1, "audiences"),
            int64(4, "expirationSeconds").pointer(),
            message(3, "boundObjectRef", BOUND_OBJECT_REFERENCE));

    /** TokenRequestStatus: token 1, expirationTimestamp 2. */
    public static final MessageType TOKEN_REQUEST_STATUS = MessageType.of("TokenRequestStatus",
            str(1, "token"),
            time(2, "expirationTimestamp"));

    /** TokenRequest: metadata 1, spec 2, status 3. */
    public static final MessageType TOKEN_REQUEST = MessageType.of("TokenRequest",
            message(1, "metadata", OBJECT_META),
            message(2, "spec", TOKEN_REQUEST_SPEC),
            message(3, "status", TOKEN_REQUEST_STATUS));
}
