package dev.canopy.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.Json;
import dev.canopy.cli.CanopyCommand;
import dev.canopy.cli.CliException;
import dev.canopy.cli.output.Output;
import dev.canopy.cli.seed.ApiError;
import dev.canopy.cli.seed.SeedConnection;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canopy version}: the client's version and, when a seed is reachable through the kubeconfig,
 * the server's {@code /version}. An unreachable seed is reported but is not an error: the client
 * version is still useful (for a bug report, say).
 */
@Command(name = "version", sortOptions = false, description = "Print the client and server version information.")
public final class VersionCommand extends CanopyCommand {
    @Option(names = "--client", description = "Print the client version only; do not contact the seed.")
    boolean clientOnly;

    @Override
    public Integer call() {
        ObjectNode result = Json.object();
        ObjectNode client = result.putObject("clientVersion");
        client.put("gitVersion", clientVersion());
        client.put("javaVersion", Runtime.version().toString());
        client.put("platform", System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));

        JsonNode server = null;
        String unreachable = null;
        if (!clientOnly) {
            try (SeedConnection seed = connect()) {
                server = seed.api().get("/version");
                result.set("serverVersion", server);
            } catch (CliException e) {
                unreachable = e.getMessage();
            } catch (ApiError e) {
                unreachable = e.kubectlMessage();
            }
        }
        if (output().structured()) {
            Output.print(output(), result, out());
        } else {
            out().println("Client Version: " + clientVersion());
            if (server != null) out().println("Server Version: " + serverVersion(server));
            out().flush();
        }
        if (unreachable != null) {
            err().println("Server Version: unknown (" + unreachable + ")");
            err().flush();
        }
        return 0;
    }

    /** kube-apiserver answers {@code gitVersion}; fall back to major.minor, then the raw document. */
    static String serverVersion(JsonNode v) {
        if (v.hasNonNull("gitVersion")) return v.get("gitVersion").asText();
        if (v.hasNonNull("major")) return v.path("major").asText() + "." + v.path("minor").asText();
        return v.toString();
    }

    /** The Maven project version, written into a resource at build time. */
    public static String clientVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/dev/canopy/cli/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
