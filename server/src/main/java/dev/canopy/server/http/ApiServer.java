package dev.canopy.server.http;

import dev.canopy.api.ApiException;
import dev.canopy.server.auth.Attributes;
import dev.canopy.server.auth.Authenticator;
import dev.canopy.server.auth.UserInfo;
import dev.canopy.server.observe.AuditLog;
import dev.canopy.server.observe.Metrics;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS front door: one catch-all route that authenticates (bearer tokens), applies impersonation,
 * then dispatches to discovery, OpenAPI, health, metrics, or {@link ResourceHandler}. Every request gets one
 * structured log line; every mutating request one audit event. Requests run on virtual threads.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** Everything the front door dispatches to. */
    public record Parts(ResourceHandler resources, Discovery discovery, Authenticator authenticator, Impersonator impersonator,
                        Access access, dev.canopy.api.schema.OpenApiDocuments openapi, Metrics metrics, AuditLog audit, BooleanSupplier ready, Clock clock) {}

    private final Javalin app;
    private final Parts parts;
    private final dev.canopy.server.observe.RequestLog requests = new dev.canopy.server.observe.RequestLog();

    private ApiServer(Javalin app, Parts parts) {
        this.app = app;
        this.parts = parts;
    }

    /** Starts serving HTTPS on {@code host:port} (0 = a free port) with {@code ssl}. */
    public static ApiServer start(String host, int port, SSLContext ssl, Parts parts) {
        ApiServer[] self = new ApiServer[1];
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = Bodies.MAX_BYTES + 1024L;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.generateEtags = false;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jetty.modifyServer(server -> {
                HttpConfiguration http = new HttpConfiguration();
                http.setSendServerVersion(false);
                // no header field cache: it matched each request's headers against the last ones character by
                // character, and a bearer token is hundreds of characters (9 % of the JVM's CPU in bench api's gets)
                http.setHeaderCacheSize(0);
                SecureRequestCustomizer src = new SecureRequestCustomizer();
                src.setSniHostCheck(false);
                http.addCustomizer(src);
                SslContextFactory.Server tls = new SslContextFactory.Server();
                tls.setSslContext(ssl);
                ServerConnector c = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
                c.setHost(host);
                c.setPort(port);
                c.setIdleTimeout(Duration.ofHours(1).toMillis());
                server.setConnectors(new org.eclipse.jetty.server.Connector[] {c});
            });
            // Watches are served as HTTP streams. A WebSocket upgrade gets 503, which clients such as fabric8 take as
            // "use a streaming GET instead" (without this filter the upgrade would find no route and answer 404).
            cfg.jetty.modifyServletContextHandler(h -> h.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new NoWebSockets()), "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            for (HandlerType t : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
                cfg.routes.addHttpHandler(t, "/", ctx -> self[0].serve(ctx));
                cfg.routes.addHttpHandler(t, "/*", ctx -> self[0].serve(ctx));
            }
        });
        self[0] = new ApiServer(app, parts);
        app.start();
        return self[0];
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private static final java.util.Set<String> PUBLIC = java.util.Set.of("/healthz", "/livez", "/readyz", "/version");

    private void serve(Context ctx) {
        Instant received = parts.clock().instant();
        long t0 = System.nanoTime();
        String path = ctx.path();
        ApiPath p = ApiPath.parse(path);
        UserInfo caller = null, user = null;
        int code = 500;
        try {
            // refuse a declared oversize body before reading a byte of it (a client sending
            // Expect: 100-continue then gets the 413 without uploading anything)
            if (ctx.req().getContentLengthLong() > Bodies.MAX_BYTES) throw Bodies.tooLarge();
            if (!PUBLIC.contains(path)) {
                caller = authenticate(ctx);
                user = parts.impersonator().apply(caller, headers(ctx));
            }
            switch (p) {
                case ApiPath.Resource r -> parts.resources().handle(ctx, user, r);
                case ApiPath.Discovery d -> {
                    nonResource(user, ctx);
                    Responses.write(ctx, 200, parts.discovery().handle(d));
                }
                case ApiPath.NonResource n -> nonResource(ctx, user, n.path());
            }
            code = ctx.statusCode();
        } catch (ApiException e) {
            code = e.code();
            if (ctx.req().getAttribute("canopy.streaming") == null) {
                if (code == 401) ctx.header("WWW-Authenticate", "Bearer realm=\"canopy\"");
                Responses.write(ctx, code, StatusBodies.failure(e));
            }
        } catch (Exception e) {
            LOG.error("internal error serving {} {}", ctx.method(), path, e);
            code = 500;
            if (ctx.req().getAttribute("canopy.streaming") == null) {
                Responses.write(ctx, 500, StatusBodies.failure(ApiException.internal("internal error: " + e)));
            }
        } finally {
            finish(ctx, p, caller, user, code, received, t0);
        }
    }

    private UserInfo authenticate(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("Unauthorized: no bearer token; use the token from admin.kubeconfig or `canopy token create`");
        }
        String token = h.substring(7).trim();
        return parts.authenticator().authenticate(token)
                .orElseThrow(() -> ApiException.unauthorized("Unauthorized: the bearer token is not valid"));
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("impersonate-")) out.put(lower, new ArrayList<>(Collections.list(ctx.req().getHeaders(name))));
        }
        return out;
    }

    private void nonResource(UserInfo user, Context ctx) {
        var d = parts.access().authorizer().authorize(Attributes.nonResource(user, ctx.method().name().toLowerCase(Locale.ROOT), ctx.path()));
        if (!d.allowed()) {
            throw ApiException.forbidden("forbidden: User \"" + user.name() + "\" cannot " + ctx.method().name().toLowerCase(Locale.ROOT)
                    + " path \"" + ctx.path() + "\"");
        }
    }

    private void nonResource(Context ctx, UserInfo user, String path) {
        switch (path) {
            case "/healthz", "/livez" -> ctx.contentType("text/plain").result("ok");
            case "/readyz" -> {
                boolean ready = parts.ready().getAsBoolean();
                ctx.status(ready ? 200 : 503).contentType("text/plain").result(ready ? "ok" : "not ready");
            }
            case "/version" -> Responses.write(ctx, 200, parts.discovery().version());
            case "/metrics" -> {
                nonResource(user, ctx);
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(parts.metrics().scrape());
            }
            case "/openapi/v2" -> {
                nonResource(user, ctx);
                String accept = ctx.header("Accept");
                // kubectl asks for protobuf here and cannot read JSON: say so, and it quietly uses /openapi/v3
                if (accept != null && accept.contains("protobuf") && !accept.contains("json") && !accept.contains("*/*")) {
                    throw new ApiException(406, "NotAcceptable", "/openapi/v2 is served as application/json only; use /openapi/v3");
                }
                Responses.writeRaw(ctx, 200, "application/json", parts.openapi().v2());
            }
            case "/openapi/v3" -> {
                nonResource(user, ctx);
                Responses.writeRaw(ctx, 200, "application/json", parts.openapi().index());
            }
            default -> {
                if (path.startsWith("/openapi/v3/")) {
                    nonResource(user, ctx);
                    String gv = path.substring("/openapi/v3/".length());
                    byte[] doc = parts.openapi().v3(gv).orElseThrow(() -> new ApiException(404, "NotFound", "no OpenAPI document for " + gv));
                    if (ctx.queryParam("hash") != null) ctx.header("Cache-Control", "public, immutable");
                    Responses.writeRaw(ctx, 200, "application/json", doc);
                    return;
                }
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            }
        }
    }

    private void finish(Context ctx, ApiPath p, UserInfo caller, UserInfo user, int code, Instant received, long t0) {
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String verb = verb(ctx, p);
        String group = "", version = "", resource = "", ns = "", name = "", sub = "";
        if (p instanceof ApiPath.Resource r) {
            group = r.group(); version = r.version(); resource = r.plural(); ns = r.namespace(); name = r.name(); sub = r.subresource();
        }
        parts.metrics().request(verb, group, resource.isEmpty() ? p.getClass().getSimpleName().toLowerCase(Locale.ROOT) : resource, code, took);
        String uri = requestUri(ctx);
        if (requests.enabled()) {
            var line = dev.canopy.api.Json.object();
            line.put("ts", received.toString()).put("verb", verb).put("uri", uri)
                    .put("user", user == null ? "" : user.name()).put("code", code).put("ms", took.toNanos() / 1e6)
                    .put("src", ctx.ip());
            if (caller != null && user != null && caller != user) line.put("impersonatedBy", caller.name());
            requests.log(dev.canopy.api.Json.write(line));
        }
        boolean mutating = switch (verb) {
            case "create", "update", "patch", "delete", "deletecollection" -> true;
            default -> false;
        };
        if (mutating && parts.audit() != null) {
            parts.audit().record(user, caller != user ? caller : null, verb, uri,
                    group, version, resource, ns, name, sub, code, ctx.ip(), ctx.userAgent(), received);
        }
    }

    /** The request's path and query as sent (what kube-apiserver logs as requestURI); no regex per request. */
    private static String requestUri(Context ctx) {
        String q = ctx.queryString();
        return q == null || q.isEmpty() ? ctx.path() : ctx.path() + "?" + q;
    }

    private static String verb(Context ctx, ApiPath p) {
        String m = ctx.method().name();
        boolean named = p instanceof ApiPath.Resource r && !r.name().isEmpty();
        return switch (m) {
            case "GET" -> !named && p instanceof ApiPath.Resource ? ("true".equals(ctx.queryParam("watch")) ? "watch" : "list") : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> m.toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public void close() {
        app.stop();
        requests.close();
    }
}
