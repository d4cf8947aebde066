package dev.canopy.server.tenancy;

/** Manifests used by the tenancy tests. */
final class Fixture {
    private Fixture() {}

    static final String TENANTS = "/apis/tenancy.canopy.dev/v1alpha1";
    static final String APPS = "/apis/apps.canopy.dev/v1alpha1";

    static String tenants(String ns) { return TENANTS + "/namespaces/" + ns + "/tenants"; }

    static String apps(String ns, String plural) { return APPS + "/namespaces/" + ns + "/" + plural; }

    static String tenant(String name, String extraSpec) {
        return "apiVersion: tenancy.canopy.dev/v1alpha1\nkind: Tenant\nmetadata:\n  name: " + name + "\nspec:\n" + indent(extraSpec.isEmpty() ? "{}" : extraSpec);
    }

    static String postgres(String name, String extraSpec) {
        return "apiVersion: apps.canopy.dev/v1alpha1\nkind: Postgres\nmetadata:\n  name: " + name + "\nspec:\n" + indent(extraSpec.isEmpty() ? "{}" : extraSpec);
    }

    static String kubernetes(String name) {
        return "apiVersion: apps.canopy.dev/v1alpha1\nkind: Kubernetes\nmetadata:\n  name: " + name + "\nspec: {}\n";
    }

    static String binding(String name, String role, String user) {
        return "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: " + name + "\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
                + "  kind: ClusterRole\n  name: canopy:tenant:" + role + "\nsubjects:\n- kind: User\n  apiGroup: rbac.authorization.k8s.io\n  name: " + user + "\n";
    }

    static String bindings(String ns) { return "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings"; }

    private static String indent(String s) {
        StringBuilder sb = new StringBuilder();
        for (String l : s.split("\n")) sb.append("  ").append(l).append('\n');
        return sb.toString();
    }
}
