package dev.canopy.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.BuiltinKinds;
import dev.canopy.api.Json;
import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.CliException;
import dev.canopy.cli.output.Output;
import dev.canopy.cli.seed.SeedConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code canopy token ...}: bearer tokens for users of the seed. */
@Command(name = "token", sortOptions = false, description = "Issue bearer tokens for users.",
        subcommands = TokenCommand.Create.class)
public final class TokenCommand extends CanopyCommand {
    static final String API_VERSION = BuiltinKinds.AUTH + "/v1alpha1";
    static final String PATH = "/apis/" + API_VERSION + "/usertokens";

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    /**
     * {@code canopy token create --user U [--group G]... [--ttl D]}: asks the seed for a signed, expiring
     * token (a {@code UserToken}) and prints a kubeconfig that uses it. With {@code -o json|yaml} prints
     * the UserToken object instead (for scripts that want only the token).
     */
    @Command(name = "create", sortOptions = false, description = {
            "Create a token for a user and print a kubeconfig that uses it.",
            "The kubeconfig reuses the server and CA of the current context; save it and use kubectl --kubeconfig FILE."},
            footer = {"", "Example:", "  canopy token create --user john --group dev --ttl 7d > john.kubeconfig",
                    "  kubectl --kubeconfig john.kubeconfig auth whoami"})
    public static final class Create extends CanopyCommand {
        @Option(names = "--user", required = true, paramLabel = "USER", description = "The user name the token authenticates as.")
        String user;

        @Option(names = "--group", paramLabel = "GROUP", description = "A group the user belongs to; repeat for several.")
        List<String> groups = new ArrayList<>();

        @Option(names = "--ttl", paramLabel = "DURATION", converter = Ttl.Converter.class,
                description = "How long the token is valid, e.g. 90m, 24h, 7d (default: the seed's, 24h).")
        Duration ttl;

        @Override
        public Integer call() {
            if (user.isBlank()) throw new CliException("--user must not be empty", 2);
            if (groups.stream().anyMatch(String::isBlank)) throw new CliException("--group must not be empty", 2);
            ObjectNode body = request(user, groups, ttl);
            try (SeedConnection seed = connect()) {
                JsonNode created = seed.api().post(PATH, body);
                if (output().structured()) {
                    Output.print(output(), created, out());
                    return 0;
                }
                String token = created.path("status").path("token").asText("");
                if (token.isEmpty()) throw new CliException("the seed created the UserToken but returned no status.token");
                out().print(TokenKubeconfig.render(seed.endpoint(), user, token,
                        created.path("status").path("expirationTimestamp").asText(null)));
                out().flush();
                return 0;
            }
        }

        /** The UserToken the seed is asked to create; ttlSeconds is left out when not given so the seed's default applies. */
        static ObjectNode request(String user, List<String> groups, Duration ttl) {
            ObjectNode body = Json.object();
            body.put("apiVersion", API_VERSION);
            body.put("kind", "UserToken");
            ObjectNode spec = body.putObject("spec");
            spec.put("user", user);
            if (!groups.isEmpty()) groups.forEach(spec.putArray("groups")::add);
            if (ttl != null) spec.put("ttlSeconds", ttl.toSeconds());
            return body;
        }
    }
}
