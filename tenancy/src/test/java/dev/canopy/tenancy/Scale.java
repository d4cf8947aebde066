package dev.canopy.tenancy;

import dev.canopy.api.tenancy.Tenant;
import java.util.ArrayList;
import java.util.List;

/** A synthetic tree for scale tests: {@code n} tenants spread over {@code depth} levels. */
final class Scale {
    private Scale() {}

    /** Breadth-first: each level's tenants get children until {@code n} tenants exist, at most {@code depth} deep. */
    static List<Tenant> tenants(int n, int depth) {
        // branching b with b + b^2 + ... + b^depth >= n
        int b = 2;
        while (sum(b, depth) < n) b++;
        List<Tenant> out = new ArrayList<>(n);
        List<String> level = List.of(TenantTree.ROOT);
        int made = 0;
        for (int d = 1; d <= depth && made < n; d++) {
            List<String> next = new ArrayList<>();
            for (String parent : level) {
                for (int i = 0; i < b && made < n; i++, made++) {
                    String name = "t" + i;
                    out.add(Fixtures.tenant(parent, name));
                    next.add(TenantTree.ownedNamespace(parent, name));
                }
            }
            level = next;
        }
        return out;
    }

    static String deepest(TenantTree t) {
        String best = TenantTree.ROOT;
        for (String ns : t.namespaces()) if (t.depth(ns) > t.depth(best)) best = ns;
        return best;
    }

    private static long sum(int b, int depth) {
        long s = 0, p = 1;
        for (int i = 0; i < depth; i++) { p *= b; s += p; }
        return s;
    }
}
