package dev.canopy.server.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.canopy.api.ApiException;
import dev.canopy.api.FieldError;
import dev.canopy.api.Json;
import dev.canopy.api.Objects;
import dev.canopy.api.fleet.BootstrapToken;
import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.server.fleet.registration.BootstrapTokens;
import dev.canopy.server.fleet.registration.Registration;
import dev.canopy.server.http.VirtualHandler;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fleet's API endpoints, registered with the server's virtual handlers before the fleet starts (hence
 * the supplier): {@code POST bootstraptokens} (a one-time token for a leaf agent's signup; needs NATS) and
 * {@code GET clusters/{name}/objects[?kind=K]} (the agent's managed objects, live through RPC; 504 when it
 * does not answer in time). The server authorizes first (create on bootstraptokens; get on the cluster).
 * Thread-safe.
 */
public final class FleetApi {
    public static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
    private final Supplier<Fleet> fleet;

    public FleetApi(Supplier<Fleet> fleet) { this.fleet = fleet; }

    /** Keys and handlers for the server's virtual handler map. */
    public Map<String, VirtualHandler> handlers() {
        return Map.of("fleet.canopy.dev/bootstraptokens", bootstrapTokens(),
                "fleet.canopy.dev/clusters/objects", objects(),
                "fleet.canopy.dev/trunkconfigs", trunkConfigs());
    }

    VirtualHandler bootstrapTokens() {
        return (ctx, body) -> {
            long ttl = BootstrapToken.DEFAULT_TTL_SECONDS;
            JsonNode t = body.path("spec").get("ttlSeconds");
            if (t != null && !t.isNull()) {
                if (!t.isIntegralNumber()) throw ApiException.invalid("BootstrapToken", Objects.name(body), FieldError.typeInvalid("spec.ttlSeconds", "integer"));
                if (t.asLong() < 60 || t.asLong() > BootstrapToken.MAX_TTL_SECONDS) {
                    throw ApiException.invalid("BootstrapToken", Objects.name(body), FieldError.invalid("spec.ttlSeconds", t.asLong(),
                            "must be between 60 and " + BootstrapToken.MAX_TTL_SECONDS + " (7 days)"));
                }
                ttl = t.asLong();
            }
            Registration reg = running().registration().orElseThrow(() -> new ApiException(503, "ServiceUnavailable",
                    "leaf registration needs the seed on NATS: start it with canopy up --nats managed (or --nats URL)"));
            BootstrapTokens.Issued issued = reg.tokens().issue(reg.chain(), Duration.ofSeconds(ttl));
            ObjectNode out = body.deepCopy();
            out.put("apiVersion", "fleet.canopy.dev/v1alpha1").put("kind", "BootstrapToken");
            out.withObject("spec").put("ttlSeconds", ttl);
            out.putObject("status").put("token", issued.token()).put("tokenId", issued.id())
                    .put("expirationTimestamp", issued.expires().toString());
            return out;
        };
    }

    VirtualHandler objects() {
        return (VirtualHandler.Reader) (ctx, query) -> {
            String kind = query.apply("kind");
            Fleet f = running();
            var link = f.rpcLink().orElseThrow(() -> new ApiException(503, "ServiceUnavailable",
                    "this seed replica does not lead the fleet and the seed runs without NATS, so only the leader reaches agents:"
                            + " ask another replica (the leader's lock session shows as " + FleetLeadership.APPLICATION_NAME + " in pg_stat_activity)"));
            Rpc.Outcome o = link.call(ctx.name(), new RpcRequest.ListObjects(kind == null || kind.isBlank() ? null : kind), RPC_TIMEOUT);
            return switch (o) {
                case Rpc.Outcome.Answered a when a.response() instanceof RpcResponse.ObjectList l -> {
                    ObjectNode list = Json.object().put("apiVersion", "v1").put("kind", "List");
                    list.putObject("metadata");
                    ArrayNode items = list.putArray("items");
                    l.objects().forEach(items::add);
                    yield list;
                }
                case Rpc.Outcome.Answered a when a.response() instanceof RpcResponse.RpcError e ->
                        throw new ApiException(502, "BadGateway", "the agent of cluster " + ctx.name() + " failed: " + e.code() + ": " + e.message());
                case Rpc.Outcome.Answered a -> throw new ApiException(502, "BadGateway", "the agent of cluster " + ctx.name() + " gave an unexpected answer");
                case Rpc.Outcome.BadAnswer b -> throw new ApiException(502, "BadGateway", "the agent of cluster " + ctx.name() + " answered with something unreadable: " + b.refusal().detail());
                case Rpc.Outcome.Unavailable u -> throw new ApiException(504, "Timeout",
                        "cluster " + ctx.name() + " did not answer within " + RPC_TIMEOUT.toSeconds() + "s (" + u.reason() + "); is its agent connected? see kubectl get cluster " + ctx.name()
                                + (f.leading() ? "" : " (this replica does not lead the fleet; a Hosted cluster's agent runs inside the leader replica and answers only there)"));
            };
        };
    }

    VirtualHandler trunkConfigs() {
        return (ctx, body) -> {
            JsonNode spec = body.path("spec");
            String name = spec.path("name").asText("");
            String direction = spec.path("direction").asText("LeafDials");
            int clientPort = spec.path("clientPort").asInt(4222);
            int leafPort = spec.path("leafPort").asInt(7422);
            String credentials = spec.path("credentialsPath").asText("");
            java.util.List<FieldError> errs = new java.util.ArrayList<>();
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) errs.add(name.isEmpty() ? FieldError.required("spec.name", "the trunk's name")
                    : FieldError.invalid("spec.name", name, "letters, digits, '-' and '_', at most 64"));
            if (!java.util.List.of("LeafDials", "SeedDials").contains(direction)) {
                errs.add(FieldError.notSupported("spec.direction", direction, java.util.List.of("LeafDials", "SeedDials")));
            }
            if (clientPort < 1 || clientPort > 65535) errs.add(FieldError.invalid("spec.clientPort", clientPort, "must be a port number"));
            if (leafPort < 1 || leafPort > 65535) errs.add(FieldError.invalid("spec.leafPort", leafPort, "must be a port number"));
            if (!credentials.startsWith("/")) errs.add(FieldError.required("spec.credentialsPath", "the absolute path the .creds file will have where the configuration is used"));
            var nats = running().nats().orElseThrow(() -> new ApiException(503, "ServiceUnavailable",
                    "trunks need the seed on NATS: start it with canopy up --nats managed (or --nats URL)"));
            String seedLeaf = spec.path("seedLeafUrl").asText(nats.leafUrl() == null ? "" : nats.leafUrl());
            boolean hub = direction.equals("SeedDials");
            if (!hub && !seedLeaf.matches("(nats-leaf|tls)://.+")) {
                errs.add(FieldError.required("spec.seedLeafUrl", "LeafDials needs the seed's leafnode URL (nats-leaf://HOST:PORT); start the seed with --nats-leaf-port or give the URL"));
            }
            if (!errs.isEmpty()) throw ApiException.invalid("TrunkConfig", Objects.name(body), errs);
            var chain = nats.chain();
            java.nio.file.Path credsPath = java.nio.file.Path.of(credentials);
            String base = credsPath.getFileName().toString().replaceFirst("\\.creds$", "");
            java.nio.file.Path systemPath = java.nio.file.Path.of(spec.path("systemCredentialsPath").asText(
                    credsPath.resolveSibling(base + "-system.creds").toString()));
            java.nio.file.Path jwtDir = java.nio.file.Path.of(spec.path("jwtDir").asText(credsPath.resolveSibling(base + "-jwt").toString()));
            // the trunk follows the seed's account updates (revocations) over a system-account link: see NatsConfig
            String config = dev.canopy.backbone.NatsConfig.trunkConfig(chain, name, clientPort, seedLeaf, credsPath, systemPath, jwtDir, hub, leafPort);
            ObjectNode out = body.deepCopy();
            out.put("apiVersion", "fleet.canopy.dev/v1alpha1").put("kind", "TrunkConfig");
            out.withObject("spec").put("systemCredentialsPath", systemPath.toString()).put("jwtDir", jwtDir.toString());
            ObjectNode st = out.putObject("status").put("config", config)
                    .put("credentials", chain.trunkUser(name).render()).put("systemCredentials", chain.systemUser().render());
            if (hub) {
                st.put("seedRemote", dev.canopy.backbone.NatsConfig.remotesBlock(dev.canopy.backbone.NatsConfig.seedRemotes(chain,
                        "nats-leaf://TRUNK-HOST:" + leafPort, credsPath, systemPath)));
            }
            return out;
        };
    }

    private Fleet running() {
        Fleet f = fleet.get();
        if (f == null) throw new ApiException(503, "ServiceUnavailable", "the fleet is starting");
        return f;
    }
}
