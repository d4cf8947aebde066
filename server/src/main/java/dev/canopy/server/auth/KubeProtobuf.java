package dev.canopy.server.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the protobuf request bodies {@code kubectl} sends for the review and token kinds.
 *
 * <p>Why this exists: kubectl's typed clients ({@code auth can-i}, {@code auth whoami}, {@code create token})
 * POST {@code application/vnd.kubernetes.protobuf} bodies (they accept JSON back:
 * {@code Accept: application/vnd.kubernetes.protobuf,application/json}) and do not fall back to JSON on 415.
 * Only these few small messages are needed, so this decodes the {@code k8s\0} envelope
 * ({@code runtime.Unknown}) and the fields of k8s.io/api authorization/v1 and authentication/v1 by their
 * generated.proto field numbers into the same JSON the handlers read. Status and unknown fields are skipped.
 * Stateless and thread-safe.
 */
public final class KubeProtobuf {
    private KubeProtobuf() {}

    public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private sealed interface F permits Str, Strs, I64, Msg, Extra {}
    private record Str(String name) implements F {}
    private record Strs(String name) implements F {}
    private record I64(String name) implements F {}
    private record Msg(String name, Map<Integer, F> fields) implements F {}
    private record Extra(String name) implements F {}

    private static final Map<Integer, F> META = Map.of(1, new Str("name"), 2, new Str("generateName"), 3, new Str("namespace"));
    private static final Map<Integer, F> RESOURCE_ATTRS = Map.of(1, new Str("namespace"), 2, new Str("verb"), 3, new Str("group"),
            4, new Str("version"), 5, new Str("resource"), 6, new Str("subresource"), 7, new Str("name"));
    private static final Map<Integer, F> NON_RESOURCE_ATTRS = Map.of(1, new Str("path"), 2, new Str("verb"));
    private static final Map<Integer, F> SSAR_SPEC = Map.of(1, new Msg("resourceAttributes", RESOURCE_ATTRS),
            2, new Msg("nonResourceAttributes", NON_RESOURCE_ATTRS));
    private static final Map<Integer, F> SAR_SPEC = Map.of(1, new Msg("resourceAttributes", RESOURCE_ATTRS),
            2, new Msg("nonResourceAttributes", NON_RESOURCE_ATTRS), 3, new Str("user"), 4, new Strs("groups"), 5, new Extra("extra"), 6, new Str("uid"));
    private static final Map<Integer, F> SSRR_SPEC = Map.of(1, new Str("namespace"));
    private static final Map<Integer, F> TOKEN_REVIEW_SPEC = Map.of(1, new Str("token"), 2, new Strs("audiences"));
    private static final Map<Integer, F> TOKEN_REQUEST_SPEC = Map.of(1, new Strs("audiences"), 4, new I64("expirationSeconds"),
            3, new Msg("boundObjectRef", Map.of(1, new Str("kind"), 2, new Str("apiVersion"), 3, new Str("name"), 4, new Str("uid"))));

    /** Top-level shapes by kind: metadata is field 1 everywhere; spec is field 2 (SelfSubjectReview has none). */
    private static final Map<String, Map<Integer, F>> KINDS = Map.of(
            "SelfSubjectAccessReview", top(SSAR_SPEC),
            "SubjectAccessReview", top(SAR_SPEC),
            "LocalSubjectAccessReview", top(SAR_SPEC),
            "SelfSubjectRulesReview", top(SSRR_SPEC),
            "SelfSubjectReview", Map.of(1, new Msg("metadata", META)),
            "TokenReview", top(TOKEN_REVIEW_SPEC),
            "TokenRequest", top(TOKEN_REQUEST_SPEC));

    private static Map<Integer, F> top(Map<Integer, F> spec) { return Map.of(1, new Msg("metadata", META), 2, new Msg("spec", spec)); }

    public static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith(CONTENT_TYPE);
    }

    /**
     * The body as JSON when it is a protobuf envelope of one of the review/token kinds; empty when it is
     * some other kind (the caller answers 415). A malformed body is a 400.
     */
    public static Optional<ObjectNode> decode(byte[] body) {
        if (body.length < 4 || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2] || body[3] != MAGIC[3]) {
            throw ApiException.badRequest("protobuf body lacks the k8s envelope");
        }
        try {
            Reader env = new Reader(body, 4, body.length);
            String apiVersion = "", kind = "";
            byte[] raw = new byte[0];
            while (env.more()) {
                int key = (int) env.varint();
                switch (key >>> 3) {
                    case 1 -> {
                        Reader tm = env.sub();
                        while (tm.more()) {
                            int k = (int) tm.varint();
                            if (k >>> 3 == 1 && (k & 7) == 2) apiVersion = tm.string();
                            else if (k >>> 3 == 2 && (k & 7) == 2) kind = tm.string();
                            else tm.skip(k & 7);
                        }
                    }
                    case 2 -> raw = env.bytes();
                    default -> env.skip(key & 7);
                }
            }
            Map<Integer, F> schema = KINDS.get(kind);
            if (schema == null) return Optional.empty();
            ObjectNode out = Json.object().put("apiVersion", apiVersion).put("kind", kind);
            read(new Reader(raw, 0, raw.length), schema, out);
            return Optional.of(out);
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            throw ApiException.badRequest("malformed protobuf body: " + e.getMessage());
        }
    }

    private static void read(Reader r, Map<Integer, F> schema, ObjectNode out) {
        while (r.more()) {
            int key = (int) r.varint();
            F f = schema.get(key >>> 3);
            int wire = key & 7;
            if (f == null) {
                r.skip(wire);
                continue;
            }
            switch (f) {
                case Str s -> { String v = r.string(); if (!v.isEmpty()) out.put(s.name(), v); }
                case Strs s -> out.withArray(s.name()).add(r.string());
                case I64 s -> out.put(s.name(), r.varint());
                case Msg m -> read(r.sub(), m.fields(), child(out, m.name()));
                case Extra x -> {   // map<string, ExtraValue>: entries {1: key, 2: {1: repeated item}}
                    Reader entry = r.sub();
                    String k = "";
                    ArrayNode values = Json.MAPPER.createArrayNode();
                    while (entry.more()) {
                        int ek = (int) entry.varint();
                        if (ek >>> 3 == 1) k = entry.string();
                        else if (ek >>> 3 == 2) {
                            Reader items = entry.sub();
                            while (items.more()) {
                                int ik = (int) items.varint();
                                if (ik >>> 3 == 1) values.add(items.string());
                                else items.skip(ik & 7);
                            }
                        } else entry.skip(ek & 7);
                    }
                    child(out, x.name()).set(k, values);
                }
            }
        }
    }

    private static ObjectNode child(ObjectNode o, String name) {
        return o.get(name) instanceof ObjectNode c ? c : o.putObject(name);
    }

    /** A protobuf wire-format cursor over {@code [pos, end)}. */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int pos, int end) {
            if (end > b.length || pos > end) throw new IllegalStateException("truncated");
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() { return pos < end; }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw new IllegalStateException("truncated varint");
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) return v;
            }
            throw new IllegalStateException("varint too long");
        }

        int length() {
            long l = varint();
            if (l < 0 || pos + l > end) throw new IllegalStateException("truncated field");
            return (int) l;
        }

        Reader sub() {
            int l = length();
            Reader r = new Reader(b, pos, pos + l);
            pos += l;
            return r;
        }

        byte[] bytes() {
            int l = length();
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + l);
            pos += l;
            return out;
        }

        String string() { return new String(bytes(), StandardCharsets.UTF_8); }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int l = length();   // not "pos += length()": that reads pos before length() moves it
                    pos += l;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("unsupported wire type " + wire);
            }
            if (pos > end) throw new IllegalStateException("truncated");
        }
    }
}
