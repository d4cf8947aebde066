package dev.canopy.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.CliException;
import dev.canopy.cli.output.Output;
import dev.canopy.cli.seed.SeedConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code canopy trunk config}: a trunk relay's nats-server configuration, with its link's credentials. */
@Command(name = "trunk", sortOptions = false, description = "NATS trunk relays between the seed and groups of leaf clusters.",
        subcommands = TrunkCommand.Config.class)
public final class TrunkCommand extends CanopyCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    public enum Direction { LeafDials, SeedDials }

    /**
     * Prints the trunk's nats-server configuration on stdout and writes the link's {@code .creds} (a secret,
     * owner-only) to {@code --credentials}, which the configuration references by its absolute path.
     */
    @Command(name = "config", sortOptions = false, description = {"Print a complete nats-server configuration for a trunk relay;",
            "the links' credentials go to --credentials and --system-credentials (owner-only). Needs an admin of the seed."},
            footer = {"", "Example:", "  canopy trunk config --name trunk-eu --seed-leaf-url nats-leaf://seed.example.org:7422 > trunk-eu.conf",
                    "  nats-server -c trunk-eu.conf"})
    public static final class Config extends CanopyCommand {
        @Option(names = "--name", required = true, description = "The trunk's name.")
        String name;

        @Option(names = "--direction", description = "LeafDials (the trunk dials the seed; default) or SeedDials (the seed's server dials the trunk).")
        Direction direction = Direction.LeafDials;

        @Option(names = "--seed-leaf-url", paramLabel = "URL", description = "LeafDials: the seed's leafnode URL (default: the seed's managed server's, if it has a leaf port).")
        String seedLeafUrl;

        @Option(names = "--client-port", description = "The trunk's client port for agents (default: ${DEFAULT-VALUE}).")
        int clientPort = 4222;

        @Option(names = "--leaf-port", description = "SeedDials: the trunk's leafnode port (default: ${DEFAULT-VALUE}).")
        int leafPort = 7422;

        @Option(names = "--credentials", paramLabel = "FILE", description = "Where to write the link's .creds (default: ./NAME.creds).")
        Path credentials;

        @Option(names = "--system-credentials", paramLabel = "FILE",
                description = "Where to write the system-account link's .creds, which carries revocations (default: NAME-system.creds beside --credentials).")
        Path systemCredentials;

        @Override
        public Integer call() {
            Path creds = (credentials != null ? credentials : Path.of(name + ".creds")).toAbsolutePath();
            ObjectNode body = Json.object().put("apiVersion", "fleet.canopy.dev/v1alpha1").put("kind", "TrunkConfig");
            ObjectNode s = body.putObject("spec").put("name", name).put("direction", direction.name())
                    .put("clientPort", clientPort).put("leafPort", leafPort).put("credentialsPath", creds.toString());
            if (seedLeafUrl != null) s.put("seedLeafUrl", seedLeafUrl);
            if (systemCredentials != null) s.put("systemCredentialsPath", systemCredentials.toAbsolutePath().toString());
            JsonNode created;
            try (SeedConnection seed = connect()) {
                created = seed.api().post(ClusterCommand.API + "/trunkconfigs", body);
            }
            if (output().structured()) {
                Output.print(output(), created, out());
                return 0;
            }
            Path system = Path.of(created.at("/spec/systemCredentialsPath").asText(creds.resolveSibling(name + "-system.creds").toString()));
            write(creds, created.at("/status/credentials").asText(""));
            write(system, created.at("/status/systemCredentials").asText(""));
            out().print(created.at("/status/config").asText(""));
            out().flush();
            err().println("canopy: the links' credentials are in " + creds + " and " + system + " (keep them secret; the trunk's"
                    + " configuration names these paths)");
            if (direction == Direction.SeedDials) {
                err().println("canopy: add these remotes to the seed's nats-server configuration (the seed's server dials the trunk; put the"
                        + " same .creds files at these paths on the seed's machine):");
                err().print(created.at("/status/seedRemote").asText(""));
            }
            err().flush();
            return 0;
        }

        private static void write(Path f, String text) {
            if (text.isEmpty()) throw new CliException("the seed returned no credentials");
            try {
                Files.deleteIfExists(f);
                try {
                    Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(f);
                }
                Files.writeString(f, text);
            } catch (IOException e) {
                throw new CliException("cannot write " + f + ": " + e.getMessage());
            }
        }
    }
}
