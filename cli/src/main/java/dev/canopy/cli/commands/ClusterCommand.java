package dev.canopy.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.CliException;
import dev.canopy.cli.output.Age;
import dev.canopy.cli.output.Format;
import dev.canopy.cli.output.Output;
import dev.canopy.cli.output.TablePrinter;
import dev.canopy.cli.seed.SeedConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code canopy cluster ...}: leaf registration (token, approve, revoke) and a cluster's live objects. */
@Command(name = "cluster", sortOptions = false, description = "Register leaf clusters and read them live.",
        subcommands = {ClusterCommand.List.class, ClusterCommand.Token.class, ClusterCommand.Approve.class, ClusterCommand.Revoke.class, ClusterCommand.Objects.class})
public final class ClusterCommand extends CanopyCommand {
    static final String API = "/apis/fleet.canopy.dev/v1alpha1";

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** {@code canopy cluster list}: the Clusters, and the InterconnectRequests still waiting, as kubectl prints them. */
    @Command(name = "list", description = "List the fleet's clusters (as kubectl get clusters) and the requests waiting for approval.")
    public static final class List extends CanopyCommand {
        @Override
        public Integer call() {
            try (SeedConnection seed = connect()) {
                JsonNode clusters = seed.api().getTable(API + "/clusters");
                if (output().structured()) {
                    Output.print(output(), seed.api().get(API + "/clusters"), out());
                    return 0;
                }
                if (!TablePrinter.fromServerTable(clusters, clock().instant()).print(out(), output() == Format.WIDE)) out().println("No clusters.");
                JsonNode requests = seed.api().get(API + "/interconnectrequests");
                java.util.List<String> pending = new java.util.ArrayList<>();
                for (JsonNode r : requests.path("items")) {
                    if ("Pending".equals(r.at("/status/phase").asText("Pending"))) pending.add(r.at("/metadata/name").asText());
                }
                if (!pending.isEmpty()) out().println("\nWaiting for approval (canopy cluster approve NAME): " + String.join(", ", pending));
                out().flush();
                return 0;
            }
        }
    }

    /** {@code canopy cluster token [--ttl D]}: prints a one-time bootstrap token (only the token, for scripts). */
    @Command(name = "token", sortOptions = false, description = {"Issue a one-time bootstrap token for a leaf agent's signup.",
            "Prints only the token; give it to bin/canopy-agent --token."},
            footer = {"", "Example:", "  bin/canopy-agent --seed nats://seed:4222 --token $(canopy cluster token --ttl 2h) --name prod-1 --label env=prod --simulated"})
    public static final class Token extends CanopyCommand {
        @Option(names = "--ttl", paramLabel = "DURATION", converter = Ttl.Converter.class,
                description = "How long the token may be used to sign up, e.g. 30m, 2h, 7d (default: the seed's, 1h).")
        Duration ttl;

        @Override
        public Integer call() {
            ObjectNode body = Json.object().put("apiVersion", "fleet.canopy.dev/v1alpha1").put("kind", "BootstrapToken");
            ObjectNode s = body.putObject("spec");
            if (ttl != null) s.put("ttlSeconds", ttl.toSeconds());
            try (SeedConnection seed = connect()) {
                JsonNode created = seed.api().post(API + "/bootstraptokens", body);
                if (output().structured()) {
                    Output.print(output(), created, out());
                    return 0;
                }
                String token = created.at("/status/token").asText("");
                if (token.isEmpty()) throw new CliException("the seed returned no status.token");
                out().println(token);
                out().flush();
                err().println("token " + created.at("/status/tokenId").asText() + " may be used once until " + created.at("/status/expirationTimestamp").asText());
                err().flush();
                return 0;
            }
        }
    }

    /** {@code canopy cluster approve NAME}: sets {@code spec.approved: true} on the InterconnectRequest. */
    @Command(name = "approve", description = "Approve a leaf agent's InterconnectRequest (kubectl get interconnectrequests).")
    public static final class Approve extends CanopyCommand {
        @Parameters(paramLabel = "NAME", description = "The InterconnectRequest (= cluster) name.")
        String name;

        @Override
        public Integer call() {
            try (SeedConnection seed = connect()) {
                seed.api().mergePatch(API + "/interconnectrequests/" + name, Json.parseObject("{\"spec\":{\"approved\":true}}".getBytes(StandardCharsets.UTF_8)));
                out().println("interconnectrequest.fleet.canopy.dev/" + name + " approved; the agent connects at its next signup attempt");
                out().flush();
                return 0;
            }
        }
    }

    /** {@code canopy cluster revoke NAME}: {@code spec.approved: false} — revokes an approved agent, refuses a pending one. */
    @Command(name = "revoke", description = {"Revoke a leaf agent: its key is revoked in the fleet account, it is disconnected and may not return.",
            "On a pending request this refuses it."})
    public static final class Revoke extends CanopyCommand {
        @Parameters(paramLabel = "NAME", description = "The InterconnectRequest (= cluster) name.")
        String name;

        @Override
        public Integer call() {
            try (SeedConnection seed = connect()) {
                String path = API + "/interconnectrequests/" + name;
                String phase = seed.api().get(path).at("/status/phase").asText("Pending");
                seed.api().mergePatch(path, Json.parseObject("{\"spec\":{\"approved\":false}}".getBytes(StandardCharsets.UTF_8)));
                out().println("interconnectrequest.fleet.canopy.dev/" + name + ("Approved".equals(phase) ? " revoked" : " refused"));
                out().flush();
                return 0;
            }
        }
    }

    /** {@code canopy cluster objects NAME [--kind K]}: the agent's managed objects, read live through the seed. */
    @Command(name = "objects", description = "List the objects Canopy manages on a cluster, read live from its agent.")
    public static final class Objects extends CanopyCommand {
        @Parameters(paramLabel = "NAME", description = "The cluster.")
        String name;

        @Option(names = "--kind", paramLabel = "KIND", description = "Only objects of this kind, e.g. Namespace.")
        String kind;

        @Override
        public Integer call() {
            String path = API + "/clusters/" + name + "/objects"
                    + (kind == null || kind.isBlank() ? "" : "?kind=" + URLEncoder.encode(kind, StandardCharsets.UTF_8));
            JsonNode list;
            try (SeedConnection seed = connect()) {
                list = seed.api().get(path);
            }
            if (output().structured()) {
                Output.print(output(), list, out());
                return 0;
            }
            if (!table(list, clock().instant()).print(out(), output() == Format.WIDE)) out().println("No objects managed by Canopy on cluster " + name + (kind == null ? "" : " of kind " + kind) + ".");
            out().flush();
            return 0;
        }

        static TablePrinter table(JsonNode list, java.time.Instant now) {
            TablePrinter t = TablePrinter.columns(TablePrinter.Col.of("KIND"), TablePrinter.Col.of("NAMESPACE"), TablePrinter.Col.of("NAME"),
                    TablePrinter.Col.of("AGE"), TablePrinter.Col.wide("APIVERSION"));
            for (JsonNode o : list.path("items")) {
                String created = o.at("/metadata/creationTimestamp").asText("");
                t.row(o.path("kind").asText(), o.at("/metadata/namespace").asText(""), o.at("/metadata/name").asText(),
                        created.isEmpty() ? TablePrinter.NONE : Age.since(created, now), o.path("apiVersion").asText());
            }
            return t;
        }
    }
}
