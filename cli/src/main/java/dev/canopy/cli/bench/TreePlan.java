package dev.canopy.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The tenant tree {@code canopy bench tenants} builds: {@code count} tenants below {@code tenant-root}
 * in {@code depth} levels, every tenant of a full level having the same number of children (the
 * smallest branching that reaches {@code count}); the last level is filled partly, spread over its
 * parents round-robin. Tenant {@code t<i>} is the i-th child of its parent. Pure and deterministic.
 *
 * @param levels for each level from 1, the tenants to create: their parent's namespace and their name
 */
record TreePlan(List<List<Tenant>> levels) {
    /** One tenant to create: it lives in {@code parentNamespace} and owns {@code namespace()}. */
    record Tenant(String parentNamespace, String name) {
        String namespace() {
            return parentNamespace.equals("tenant-root") ? "tenant-" + name : parentNamespace + "-" + name;
        }
    }

    static TreePlan of(int count, int depth) {
        if (count < 1 || depth < 1) throw new IllegalArgumentException("need at least one tenant and one level");
        int branching = 1;
        while (total(branching, depth) < count) branching++;
        List<List<Tenant>> levels = new ArrayList<>();
        List<String> parents = List.of("tenant-root");
        int left = count;
        for (int d = 1; d <= depth && left > 0; d++) {
            List<Tenant> level = new ArrayList<>();
            int want = (int) Math.min(left, (long) parents.size() * branching);
            for (int i = 0; i < want; i++) {
                String parent = parents.get(i % parents.size());
                level.add(new Tenant(parent, "t" + (i / parents.size())));
            }
            left -= want;
            levels.add(List.copyOf(level));
            parents = level.stream().map(Tenant::namespace).toList();
        }
        return new TreePlan(List.copyOf(levels));
    }

    /** Tenants in a full tree of this branching and depth (without the root). */
    private static long total(int branching, int depth) {
        long sum = 0, width = 1;
        for (int d = 1; d <= depth; d++) {
            width *= branching;
            sum += width;
            if (sum > Integer.MAX_VALUE) return sum;
        }
        return sum;
    }

    int size() { return levels.stream().mapToInt(List::size).sum(); }

    List<Tenant> all() { return levels.stream().flatMap(List::stream).toList(); }
}
