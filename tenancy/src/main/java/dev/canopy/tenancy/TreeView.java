package dev.canopy.tenancy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code canopy tree [NAMESPACE]} shows: each visible tenant with its domain, the services it runs
 * itself, its apps with their hosts, then its child tenants, drawn the way the Cozystack documents
 * draw trees. {@link #build} gives the same data as records for {@code -o json}.
 */
public final class TreeView {
    private TreeView() {}

    /** One app line: {@code postgres-db1 (postgres-db1.foo.example.org)}. */
    public record App(String kind, String name, String host) {}

    /** One tenant and what hangs under it; serializes to the JSON form. */
    public record Node(String namespace, String domain, List<String> services, List<App> apps, List<Node> children) {}

    /**
     * The forest under {@code tops} (the caller's top grants, or the namespace asked for), with the apps
     * of each tenant from {@code appsByNamespace} (sorted by the caller; missing = none).
     */
    public static List<Node> build(TenantTree tree, List<String> tops, Map<String, List<App>> appsByNamespace) {
        List<Node> out = new ArrayList<>();
        for (String top : tops) if (tree.contains(top)) out.add(node(tree, top, appsByNamespace));
        return out;
    }

    /** The text form, one line per tenant, service and app, with box-drawing branches. */
    public static String render(List<Node> forest) {
        StringBuilder sb = new StringBuilder();
        for (Node n : forest) {
            sb.append(n.namespace()).append(domain(n.domain())).append('\n');
            children(n, "", sb);
        }
        return sb.toString();
    }

    private static Node node(TenantTree tree, String ns, Map<String, List<App>> apps) {
        List<String> services = new ArrayList<>();
        TenantNode t = tree.node(ns).orElseThrow();
        for (TenantService s : TenantService.values()) if (t.runs(s)) services.add(s.field());
        List<Node> kids = new ArrayList<>();
        for (String c : tree.children(ns)) kids.add(node(tree, c, apps));
        return new Node(ns, tree.domain(ns), List.copyOf(services), List.copyOf(apps.getOrDefault(ns, List.of())), List.copyOf(kids));
    }

    private static void children(Node n, String indent, StringBuilder sb) {
        List<Object> lines = new ArrayList<>(n.services());
        lines.addAll(n.apps());
        lines.addAll(n.children());
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            sb.append(indent).append(last ? "└── " : "├── ");
            Object o = lines.get(i);
            if (o instanceof String s) sb.append(s).append('\n');
            else if (o instanceof App a) sb.append(a.name()).append(domain(a.host())).append('\n');
            else if (o instanceof Node c) {
                sb.append(c.namespace()).append(domain(c.domain())).append('\n');
                children(c, indent + (last ? "    " : "│   "), sb);
            }
        }
    }

    private static String domain(String d) { return d == null || d.isEmpty() ? "" : " (" + d + ")"; }
}
