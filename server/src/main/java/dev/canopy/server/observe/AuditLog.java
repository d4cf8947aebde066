package dev.canopy.server.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.server.auth.UserInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * The API audit log: one {@code audit.k8s.io/v1 Event} (level Metadata, stage ResponseComplete) per
 * mutating request, as JSON lines in {@code <data-dir>/audit.log}, like kube-apiserver's log backend.
 * Records who (user, groups, and the real user when impersonating), what (verb, objectRef) and the result
 * (HTTP code). Thread-safe: lines are appended under a lock and flushed one by one.
 */
public final class AuditLog implements AutoCloseable {
    private final BufferedWriter out;

    public AuditLog(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** @param impersonator the authenticated user when {@code user} is impersonated, else null */
    public void record(UserInfo user, UserInfo impersonator, String verb, String uri, String group, String version, String resource,
                       String namespace, String name, String subresource, int code, String sourceIp, String userAgent, Instant received) {
        ObjectNode e = Json.object();
        e.put("kind", "Event").put("apiVersion", "audit.k8s.io/v1").put("level", "Metadata")
                .put("auditID", auditId().toString()).put("stage", "ResponseComplete")
                .put("requestURI", uri).put("verb", verb);
        UserInfo real = impersonator != null ? impersonator : user;
        ObjectNode u = e.putObject("user").put("username", real == null ? "system:anonymous" : real.name());
        if (real != null) real.groups().forEach(u.putArray("groups")::add);
        if (impersonator != null) {
            ObjectNode iu = e.putObject("impersonatedUser").put("username", user.name());
            user.groups().forEach(iu.putArray("groups")::add);
        }
        e.putArray("sourceIPs").add(sourceIp == null ? "" : sourceIp);
        if (userAgent != null) e.put("userAgent", userAgent);
        if (resource != null && !resource.isEmpty()) {
            ObjectNode ref = e.putObject("objectRef").put("resource", resource).put("apiGroup", group).put("apiVersion", version);
            if (!namespace.isEmpty()) ref.put("namespace", namespace);
            if (!name.isEmpty()) ref.put("name", name);
            if (!subresource.isEmpty()) ref.put("subresource", subresource);
        }
        e.putObject("responseStatus").put("code", code);
        e.put("requestReceivedTimestamp", received.toString()).put("stageTimestamp", Instant.now().toString());
        String line = Json.write(e);
        synchronized (out) {
            try {
                out.write(line);
                out.newLine();
                out.flush();
            } catch (IOException ex) {
                org.slf4j.LoggerFactory.getLogger(AuditLog.class).error("cannot write the audit log: {}", ex.toString());
            }
        }
    }

    /**
     * A random (version 4) UUID from {@link java.util.concurrent.ThreadLocalRandom}: an audit ID must be unique, not
     * unguessable, and {@code UUID.randomUUID()} draws from a SecureRandom behind a lock on every mutating request.
     */
    static UUID auditId() {
        var r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo);
    }

    @Override
    public void close() {
        synchronized (out) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing at shutdown
            }
        }
    }
}
