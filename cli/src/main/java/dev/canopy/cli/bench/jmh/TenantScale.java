package dev.canopy.cli.bench.jmh;

import dev.canopy.api.tenancy.Tenant;
import dev.canopy.tenancy.TenantTree;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic tenant tree for benchmarks: {@code n} tenants spread breadth-first over {@code depth} levels
 * (a copy of the tenancy tests' {@code Scale} helper, which is test code and not in the jar).
 */
public final class TenantScale {
    private TenantScale() {}

    /** Breadth-first: each level's tenants get children until {@code n} tenants exist, at most {@code depth} deep. */
    public static List<Tenant> tenants(int n, int depth) {
        int b = 2;
        while (sum(b, depth) < n) b++;   // branching b with b + b^2 + ... + b^depth >= n
        List<Tenant> out = new ArrayList<>(n);
        List<String> level = List.of(TenantTree.ROOT);
        int made = 0;
        for (int d = 1; d <= depth && made < n; d++) {
            List<String> next = new ArrayList<>();
            for (String parent : level) {
                for (int i = 0; i < b && made < n; i++, made++) {
                    String name = "t" + i;
                    out.add(tenant(parent, name));
                    next.add(TenantTree.ownedNamespace(parent, name));
                }
            }
            level = next;
        }
        return out;
    }

    /** A Tenant {@code name} in {@code namespace} with no own services, host or quotas. */
    public static Tenant tenant(String namespace, String name) {
        return new Tenant("tenancy.canopy.dev/v1alpha1", "Tenant",
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build(),
                new Tenant.Spec(null, null, null, null, null, null, null), null);
    }

    private static long sum(int b, int depth) {
        long s = 0, p = 1;
        for (int i = 0; i < depth; i++) {
            p *= b;
            s += p;
        }
        return s;
    }
}
