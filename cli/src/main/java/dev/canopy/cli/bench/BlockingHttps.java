package dev.canopy.cli.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The bench's load generator: blocking HTTP/1.1 requests over pooled keep-alive TLS sockets, one request
 * per socket at a time. The JDK's {@code HttpClient} spent about a quarter of the JVM's CPU in the get
 * phase on its asynchronous machinery (futures, schedulers, a selector thread, a TLS flow per exchange);
 * the clients share the seed's two cores, so every microsecond they spend is taken from the server being
 * measured. This does what wrk or h2load do: write the request, read the status line, the headers and the
 * body (Content-Length or chunked), keep the socket. Thread-safe.
 *
 * <p>For {@code https} the server name is verified against the certificate (endpoint identification
 * "HTTPS"); {@code http} is plain TCP (tests).
 */
final class BlockingHttps {
    private final String host;
    private final int port;
    private final SSLContext tls;
    private final String fixedHeaders;
    private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();

    BlockingHttps(URI server, SSLContext tls, String authorization) {
        this.host = server.getHost();
        boolean https = "https".equals(server.getScheme());
        this.port = server.getPort() >= 0 ? server.getPort() : https ? 443 : 80;
        this.tls = https ? tls : null;
        this.fixedHeaders = "Host: " + host + ":" + port + "\r\nAuthorization: " + authorization
                + "\r\nAccept: application/json\r\nUser-Agent: canopy-bench\r\n";
    }

    /** Sends one request ({@code json} null for none) and reads the whole response. */
    SeedHttp.Reply send(String method, String path, String json) throws IOException {
        byte[] request = request(method, path, json);
        Conn conn = idle.pollFirst();
        if (conn != null) {
            try {
                return conn.exchange(request, this);
            } catch (StaleConnection e) {
                // the server closed the kept-alive socket before this request reached it: nothing was processed
                conn.close();
            }
        }
        return open().exchange(request, this);
    }

    private byte[] request(String method, String path, String json) {
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(256 + fixedHeaders.length());
        h.append(method).append(' ').append(path).append(" HTTP/1.1\r\n").append(fixedHeaders);
        if (body != null) h.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        h.append("\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) return head;
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Sockets opened so far (each kept alive while the server allows). */
    int opened() { return opened.get(); }

    private Conn open() throws IOException {
        opened.incrementAndGet();
        Socket s = tls == null ? new Socket(host, port) : tls.getSocketFactory().createSocket(host, port);
        s.setTcpNoDelay(true);
        s.setSoTimeout(60_000);
        if (s instanceof SSLSocket ssl) {
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(p);
            ssl.startHandshake();
        }
        return new Conn(s, new BufferedInputStream(s.getInputStream(), 64 * 1024), s.getOutputStream());
    }

    /** The socket was closed by the server before the request reached it (written or answered nothing). */
    private static final class StaleConnection extends IOException {
        StaleConnection() { super("kept-alive connection closed by the server"); }
    }

    private record Conn(Socket socket, InputStream in, OutputStream out) {
        SeedHttp.Reply exchange(byte[] request, BlockingHttps pool) throws IOException {
            boolean keep;
            SeedHttp.Reply reply;
            try {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    throw new StaleConnection();   // the server closed the socket: it cannot have read the request
                }
                String status = line(true);
                if (status.length() < 12 || !status.startsWith("HTTP/1.")) throw new IOException("not an HTTP response: " + status);
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                keep = status.startsWith("HTTP/1.1");
                for (String h; !(h = line(false)).isEmpty(); ) {
                    int colon = h.indexOf(':');
                    if (colon < 0) continue;
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> keep = !value.equalsIgnoreCase("close");
                        default -> { }
                    }
                }
                byte[] body;
                if (chunked) body = chunked();
                else if (length >= 0) body = in.readNBytes((int) length);
                else {
                    body = in.readAllBytes();
                    keep = false;
                }
                if (length >= 0 && body.length != length) throw new IOException("response ended after " + body.length + " of " + length + " bytes");
                reply = new SeedHttp.Reply(code, new String(body, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                if (!(e instanceof StaleConnection)) close();
                throw e;
            }
            if (keep) pool.idle.offerFirst(this);
            else close();
            return reply;
        }

        private byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(false);
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line(false).isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                line(false);
            }
        }

        /** One CRLF-terminated line; {@code first}: an end of stream before any byte means the socket was stale. */
        private String line(boolean first) throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    if (first && b.isEmpty()) throw new StaleConnection();
                    throw new IOException("response ended inside a line");
                }
                if (c != '\r') b.append((char) c);
            }
            return b.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
