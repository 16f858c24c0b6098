package org.telprov.phonesim.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveTransportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ScriptedServer server;
    private KeepAliveTransport transport;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        transport = new KeepAliveTransport((url, headers, timeout) -> {
            throw new IOException("no fallback in this test: " + url);
        }, TIMEOUT);
    }

    @AfterEach
    void stop() throws IOException {
        transport.close();
        server.close();
    }

    @Test
    void answersFramedByLengthAndByChunksComeOverOneConnection() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"a\"\r\n\r\nhello", false);
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nbon\r\n4\r\njour\r\n0\r\n"
                + "Trailer: t\r\n\r\n", false);
        server.answer("HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n", false);

        Transport.Answer first = get("/one?x=1", Map.of("User-Agent", "Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE"));
        String firstBody = read(first);
        Transport.Answer second = get("/two", Map.of());
        String secondBody = read(second);
        Transport.Answer third = get("/three", Map.of("If-None-Match", "\"a\""));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().firstValue("etag")).contains("\"a\"");
        assertThat(firstBody).isEqualTo("hello");
        assertThat(secondBody).isEqualTo("bonjour");
        assertThat(third.status()).isEqualTo(304);
        assertThat(read(third)).isEmpty();
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests()).hasSize(3);
        assertThat(server.requests().get(0)).startsWith("GET /one?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\n").contains("User-Agent: Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE\r\n");
        assertThat(server.requests().get(2)).contains("If-None-Match: \"a\"\r\n");
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedWithoutFailingTheNextRequest() throws Exception {
        server.answer("HTTP/1.1 302 Found\r\nLocation: /prov/\r\nContent-Length: 0\r\n\r\n", true);
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);

        Transport.Answer redirect = get("/device/7c2f80c0ffee", Map.of());
        read(redirect);
        Transport.Answer file = get("/prov/", Map.of());

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).contains("/prov/");
        assertThat(read(file)).isEqualTo("ok");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aBodyWithoutLengthIsReadUntilTheServerClosesAndTheNextRequestOpensAConnection() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", true);
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext", false);

        String first = read(get("/first", Map.of()));
        String second = read(get("/second", Map.of()));

        assertThat(first).isEqualTo("until the end");
        assertThat(second).isEqualTo("next");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aBodyClosedBeforeItsEndClosesTheConnectionInsteadOfReusingIt() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", false);
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext", false);

        Transport.Answer first = get("/large", Map.of());
        byte[] part = first.body().readNBytes(3);
        first.body().close();
        String second = read(get("/second", Map.of()));

        assertThat(new String(part, StandardCharsets.US_ASCII)).isEqualTo("012");
        assertThat(second).isEqualTo("next");
        assertThat(server.connections()).isEqualTo(2);
    }

    private Transport.Answer get(String path, Map<String, String> headers) throws Exception {
        return transport.get(URI.create("http://127.0.0.1:" + server.port() + path), new LinkedHashMap<>(headers),
                TIMEOUT);
    }

    private static String read(Transport.Answer answer) throws IOException {
        try (InputStream body = answer.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Answers each request it reads with the next scripted answer, closing the connection after it if told to. */
    private static final class ScriptedServer implements AutoCloseable {
        private record Scripted(String answer, boolean close) {
        }

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final BlockingQueue<Scripted> script = new LinkedBlockingQueue<>();
        private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor = new Thread(this::accept, "scripted-server");

        private ScriptedServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        void answer(String answer, boolean close) {
            script.add(new Scripted(answer, close));
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return accepted.size();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        private void accept() {
            try {
                while (true) {
                    Socket connection = socket.accept();
                    accepted.add(connection);
                    Thread serving = new Thread(() -> serve(connection), "scripted-connection");
                    serving.setDaemon(true);
                    serving.start();
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        private void serve(Socket connection) {
            try (connection; InputStream in = connection.getInputStream();
                 OutputStream out = connection.getOutputStream()) {
                while (true) {
                    String request = head(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    Scripted next = script.poll(5, TimeUnit.SECONDS);
                    if (next == null) {
                        return;
                    }
                    out.write(next.answer().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (next.close()) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the connection ends
            }
        }

        /** The request's head up to and including the blank line; null when the client closed first. */
        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                String text = head.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    return text;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket connection : accepted) {
                    connection.close();
                }
            }
        }
    }
}
