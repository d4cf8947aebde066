/**
 * Kubernetes protobuf ({@code application/vnd.kubernetes.protobuf}) request-body decoding: declarative tables, one per
 * protobuf message ({@link dev.canopy.server.http.proto.MessageType} of {@link dev.canopy.server.http.proto.Field}s),
 * and one generic walker ({@link dev.canopy.server.http.proto.WireDecoder}) that turns wire data into the JSON the
 * object has in Kubernetes' JSON encoding. Entry point: {@link dev.canopy.server.http.Protobuf#decode(byte[])}.
 *
 * <p>Field numbers are copied from Kubernetes' generated.proto files: k8s.io/api {@code core/v1}, {@code rbac/v1},
 * {@code authorization/v1}, {@code authentication/v1} (SelfSubjectReview as in {@code authentication/v1alpha1},
 * unchanged on promotion), k8s.io/apimachinery {@code pkg/apis/meta/v1}, {@code pkg/runtime} (the Unknown envelope),
 * {@code pkg/api/resource} and {@code pkg/util/intstr}. They are checked against bodies captured from a real
 * kubectl v1.32 ({@code server/src/test/resources/protobuf}). Protobuf field numbers never change once released,
 * so the tables stay valid as Kubernetes adds fields; fields the tables do not list are skipped.
 *
 * <p>Everything here is immutable or stateless: thread-safe.
 */
package dev.canopy.server.http.proto;
