package dev.canopy.server.templates;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: a chart repository on 127.0.0.1 (a free port) serving {@code index.yaml} and the test charts
 * {@code charts/hello} (with a CRD) and {@code charts/redis} (the same without it; what kiosk's
 * template-helm.yaml names), from test resources, packaged at start with helm-java. Counts chart downloads.
 * Stops on close.
 */
public final class ChartRepo implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger downloads = new AtomicInteger();
    private final AtomicInteger indexReads = new AtomicInteger();

    public ChartRepo(Path work) throws IOException {
        Files.createDirectories(work);
        new Helm(chartDirectory()).packageIt().withDestination(work).call();
        new Helm(chartDirectory().resolveSibling("redis")).packageIt().withDestination(work).call();
        byte[] chart = Files.readAllBytes(work.resolve("hello-0.1.0.tgz"));
        byte[] redis = Files.readAllBytes(work.resolve("redis-0.1.0.tgz"));
        String index = """
                apiVersion: v1
                entries:
                  hello:
                    - name: hello
                      version: 0.1.0
                      urls: [charts/hello-0.1.0.tgz]
                    - name: hello
                      version: 0.0.9
                      urls: [charts/missing-0.0.9.tgz]
                  redis:
                    - name: redis
                      version: 0.1.0
                      urls: [charts/redis-0.1.0.tgz]
                """;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String p = ex.getRequestURI().getPath();
            // /moved/... redirects into the repository; /metadata/... to a cloud metadata address
            String location = p.startsWith("/moved/") ? "/repo/" + p.substring("/moved/".length())
                    : p.startsWith("/metadata/") ? "http://169.254.169.254/latest/meta-data/" : null;
            if (location != null) {
                ex.getResponseHeaders().add("Location", location);
                ex.sendResponseHeaders(302, -1);
                ex.close();
                return;
            }
            byte[] body = p.endsWith("/index.yaml") ? index.getBytes() : p.endsWith("/charts/hello-0.1.0.tgz") ? chart
                    : p.endsWith("/charts/redis-0.1.0.tgz") ? redis : null;
            if (body == chart || body == redis) downloads.incrementAndGet();
            if (p.endsWith("/index.yaml")) indexReads.incrementAndGet();
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) try (OutputStream o = ex.getResponseBody()) { o.write(body); }
            ex.close();
        });
        server.start();
    }

    /** The chart directory in test resources. */
    public static Path chartDirectory() {
        try {
            return Path.of(ChartRepo.class.getResource("/charts/hello/Chart.yaml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    public String url() { return root() + "/repo"; }

    /** {@code http://127.0.0.1:<port>}; {@code /moved} redirects to {@link #url()}, {@code /metadata} to 169.254.169.254. */
    public String root() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    public int downloads() { return downloads.get(); }

    public int indexReads() { return indexReads.get(); }

    @Override
    public void close() { server.stop(0); }
}
