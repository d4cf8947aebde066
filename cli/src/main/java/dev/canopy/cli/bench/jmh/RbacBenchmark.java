package dev.canopy.cli.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.RbacAuthorizer;
import dev.canopy.server.auth.RbacIndex;
import dev.canopy.server.auth.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One RBAC decision ({@link RbacAuthorizer#authorize}) over an index of 1 ClusterRole and 5,000
 * RoleBindings in 100 namespaces, each binding naming a user and one of 50 groups (the shape of the
 * RBAC unit test at scale). {@code allowed} asks what a binding grants; {@code denied} asks for a verb
 * no rule grants, so every grant of the namespace is looked at. Target: p99 &lt;= 100 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RbacBenchmark {
    static final int BINDINGS = 5_000, QUERIES = 1_024;

    RbacAuthorizer rbac;
    Attributes[] allowed, denied;

    /** The per-thread position in the query arrays. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void setUp() {
        RbacIndex index = new RbacIndex();
        index.upsert(RbacIndex.CLUSTER_ROLES, yaml("{metadata: {name: r}, rules: [{apiGroups: [''], resources: [configmaps], verbs: [get]}]}"));
        for (int i = 0; i < BINDINGS; i++) {
            index.upsert(RbacIndex.ROLE_BINDINGS, yaml("{metadata: {name: b" + i + ", namespace: ns" + (i % 100) + "}, roleRef: {kind: ClusterRole, name: r},"
                    + " subjects: [{kind: User, name: u" + i + "}, {kind: Group, name: g" + (i % 50) + "}]}"));
        }
        rbac = new RbacAuthorizer(index);
        Random rnd = new Random(7);
        allowed = new Attributes[QUERIES];
        denied = new Attributes[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            int i = rnd.nextInt(BINDINGS);
            UserInfo u = new UserInfo("u" + i, "", List.of("g" + rnd.nextInt(50), "g" + rnd.nextInt(50), UserInfo.AUTHENTICATED), Map.of());
            allowed[q] = Attributes.resource(u, "get", "", "configmaps", "ns" + (i % 100), "c");
            denied[q] = Attributes.resource(u, "delete", "", "configmaps", "ns" + rnd.nextInt(100), "c");
        }
        if (!rbac.authorize(allowed[0]).allowed() || rbac.authorize(denied[0]).allowed()) {
            throw new IllegalStateException("the RBAC fixture does not decide as expected");
        }
    }

    @Benchmark
    public boolean allowed(Cursor c) { return rbac.authorize(allowed[c.next++ & (QUERIES - 1)]).allowed(); }

    @Benchmark
    public boolean denied(Cursor c) { return rbac.authorize(denied[c.next++ & (QUERIES - 1)]).allowed(); }

    private static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) Json.YAML.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
