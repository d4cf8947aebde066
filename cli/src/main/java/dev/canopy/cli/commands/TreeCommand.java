package dev.canopy.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.CliException;
import dev.canopy.cli.output.Output;
import dev.canopy.cli.seed.ApiClient;
import dev.canopy.cli.seed.ApiError;
import dev.canopy.cli.seed.SeedConnection;
import dev.canopy.tenancy.TreeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code canopy tree [NAMESPACE]}: the tenant tree the caller may see, drawn like the Cozystack documents
 * (tenant with its domain, the services it runs itself, its apps with their hosts, then its child
 * tenants). The seed filters what a tenant user lists, so the tree starts at the user's own tenants.
 * {@code -o json|yaml} prints the same data.
 */
@Command(name = "tree", sortOptions = false, description = "Print the tenant tree you may see, with domains, services and apps.")
public final class TreeCommand extends CanopyCommand {
    private static final Map<String, String> APP_KINDS = Map.of("kuberneteses", "Kubernetes", "postgreses", "Postgres");

    @Parameters(arity = "0..1", paramLabel = "NAMESPACE", description = "Show only this tenant's subtree (e.g. tenant-foo).")
    String namespace;

    @Override
    public Integer call() {
        List<TreeView.Node> forest;
        try (SeedConnection seed = connect()) {
            ApiClient api = seed.api();
            List<JsonNode> tenants = items(api.get("/apis/tenancy.canopy.dev/v1alpha1/tenants"));
            List<Map.Entry<String, JsonNode>> apps = new ArrayList<>();
            for (var e : APP_KINDS.entrySet()) {
                try {
                    for (JsonNode a : items(api.get("/apis/apps.canopy.dev/v1alpha1/" + e.getKey()))) apps.add(Map.entry(e.getValue(), a));
                } catch (ApiError err) {
                    // a caller who may see tenants but not list this kind sees the tree without those apps
                }
            }
            forest = TenantForest.build(tenants, apps, namespace);
        }
        if (namespace != null && forest.isEmpty()) {
            throw new CliException("namespace \"" + namespace + "\" is not a tenant you may see");
        }
        if (output().structured()) {
            Output.print(output(), forest, out());
        } else {
            out().print(TreeView.render(forest));
            out().flush();
        }
        return 0;
    }

    private static List<JsonNode> items(JsonNode list) {
        List<JsonNode> out = new ArrayList<>();
        list.path("items").forEach(out::add);
        return out;
    }
}
