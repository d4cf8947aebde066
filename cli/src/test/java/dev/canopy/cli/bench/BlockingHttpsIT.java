package dev.canopy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link BlockingHttps} against a scripted HTTP/1.1 server on a plain socket: the framings it must read, and reuse. */
class BlockingHttpsIT {
    /** Each accepted connection answers the scripted responses in turn (one per request), then closes. */
    private final LinkedBlockingQueue<List<String>> scripts = new LinkedBlockingQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread acceptor;

    BlockingHttpsIT() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().start(this::accept);
    }

    @AfterEach
    void stop() throws IOException { server.close(); }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                List<String> script = scripts.take();
                Thread.ofPlatform().daemon().start(() -> serve(s, script));
            }
        } catch (IOException | InterruptedException e) {
            // closed
        }
    }

    private void serve(Socket s, List<String> script) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = s.getOutputStream();
            for (String response : script) {
                StringBuilder req = new StringBuilder();
                int length = 0;
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    req.append(line).append('\n');
                    if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
                }
                char[] body = new char[length];
                for (int off = 0; off < length; ) off += in.read(body, off, length - off);
                requests.add(req + new String(body));
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private BlockingHttps client() {
        return new BlockingHttps(URI.create("http://127.0.0.1:" + server.getLocalPort()), null, "Bearer t0k");
    }

    @Test
    void sendsTheTokenAndBodyAndReadsContentLengthAndChunkedBodiesOnOneKeptSocket() throws Exception {
        scripts.add(List.of(
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"a\":\"Ã©\"}",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\n{\"b\":\r\n3\r\n[1]\r\n1\r\n}\r\n0\r\nTrailer: z\r\n\r\n"));
        BlockingHttps http = client();
        SeedHttp.Reply created = http.send("POST", "/api/v1/namespaces/a/configmaps", "{\"data\":\"é\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"a\":\"é\"}");
        assertThat(requests.get(0)).startsWith("POST /api/v1/namespaces/a/configmaps HTTP/1.1\n")
                .contains("Authorization: Bearer t0k\n", "Content-Type: application/json\n", "Content-Length: 13\n")
                .endsWith("\n{\"data\":\"Ã©\"}");   // UTF-8 bytes, read back as ISO-8859-1 by the script
        SeedHttp.Reply listed = http.send("GET", "/api/v1/configmaps", null);
        assertThat(listed.body()).isEqualTo("{\"b\":[1]}");
        assertThat(requests.get(1)).startsWith("GET /api/v1/configmaps HTTP/1.1\n").doesNotContain("Content-Length");
        assertThat(http.opened()).isEqualTo(1);
    }

    @Test
    void aSocketTheServerClosedIsReplacedAndTheRequestSentOnANewOne() throws Exception {
        scripts.add(List.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));   // then the server closes it
        scripts.add(List.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain"));
        BlockingHttps http = client();
        assertThat(http.send("GET", "/one", null).body()).isEqualTo("ok");
        Thread.sleep(100);   // the server has closed the kept socket by now
        assertThat(http.send("GET", "/two", null).body()).isEqualTo("again");
        assertThat(http.opened()).isEqualTo(2);
        assertThat(requests).hasSize(2);
    }

    @Test
    void connectionCloseAndCloseDelimitedBodiesAreReadAndTheSocketNotKept() throws Exception {
        scripts.add(List.of("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 3\r\n\r\nnop"));
        scripts.add(List.of("HTTP/1.0 200 OK\r\n\r\nuntil the end"));
        scripts.add(List.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz"));
        BlockingHttps http = client();
        SeedHttp.Reply missing = http.send("GET", "/a", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.ok()).isFalse();
        assertThat(http.send("GET", "/b", null).body()).isEqualTo("until the end");
        assertThat(http.send("GET", "/c", null).body()).isEqualTo("z");
        assertThat(http.opened()).isEqualTo(3);
    }

    @Test
    void aTruncatedBodyIsAnError() {
        scripts.add(List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
        assertThatThrownBy(() -> client().send("GET", "/a", null)).isInstanceOf(IOException.class).hasMessageContaining("5 of 10");
    }
}
