package org.telprov.phonesim.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The storm's lean client: GETs over plain HTTP/1.1 on blocking sockets, one kept-alive connection per origin, used by
 * one thread at a time (each storm thread owns one). The JDK's {@code HttpClient} hands every answer from its selector
 * thread through an executor and a chain of futures back to the caller, behind a client-wide lock; in a storm of 200
 * phones on two cores that cost more CPU than the services it was measuring. Here an answer is one wake-up of the
 * thread that asked. Anything but {@code http://} (TLS) goes to the fallback.
 */
public final class KeepAliveTransport implements Transport, Closeable {

    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 256;

    private final Transport fallback;
    private final int connectMillis;
    private final Map<String, Connection> idle = new HashMap<>();
    private final byte[] line = new byte[MAX_LINE_BYTES];

    public KeepAliveTransport(Transport fallback, Duration connectTimeout) {
        this.fallback = fallback;
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    @Override
    public Answer get(URI url, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        if (!"http".equalsIgnoreCase(url.getScheme())) {
            return fallback.get(url, headers, timeout);
        }
        String host = url.getHost();
        int port = url.getPort() < 0 ? 80 : url.getPort();
        String origin = host.toLowerCase(Locale.ROOT) + ":" + port;
        byte[] request = request(url, headers);
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Connection reused = idle.remove(origin);
        if (reused != null) {
            try {
                return reused.exchange(request, millis);
            } catch (ClosedWithoutAnswer e) {
                // the server closed the idle connection while the phone was busy elsewhere; a GET may be sent again
                reused.close();
            }
        }
        return new Connection(origin, host, port).exchange(request, millis);
    }

    /** Closes the idle connections. */
    @Override
    public void close() {
        idle.values().forEach(Connection::close);
        idle.clear();
    }

    private static byte[] request(URI url, Map<String, String> headers) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        StringBuilder out = new StringBuilder(256).append("GET ").append(path);
        if (url.getRawQuery() != null) {
            out.append('?').append(url.getRawQuery());
        }
        out.append(" HTTP/1.1\r\nHost: ").append(url.getHost());
        if (url.getPort() >= 0) {
            out.append(':').append(url.getPort());
        }
        out.append("\r\n");
        headers.forEach((name, value) -> {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("line break in header " + name);
            }
            out.append(name).append(": ").append(value).append("\r\n");
        });
        return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A reused connection that ended before the first byte of an answer: safe to ask again on a new one. */
    private static final class ClosedWithoutAnswer extends IOException {
        private ClosedWithoutAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final class Connection implements Closeable {
        private final String origin;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Connection(String origin, String host, int port) throws IOException {
            this.origin = origin;
            this.socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), connectMillis);
                this.in = new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES);
                this.out = new BufferedOutputStream(socket.getOutputStream(), 1024);
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        private Answer exchange(byte[] request, int timeoutMillis) throws IOException {
            String status;
            try {
                socket.setSoTimeout(timeoutMillis);
                out.write(request);
                out.flush();
                status = readLine();
            } catch (SocketException e) {
                close();
                // a reset before any answer is what a reused connection the server dropped looks like
                throw new ClosedWithoutAnswer("connection closed before an answer: " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            if (status == null) {
                close();
                throw new ClosedWithoutAnswer("connection closed before an answer", null);
            }
            try {
                return answer(status);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private Answer answer(String statusLine) throws IOException {
            String line = statusLine;
            while (true) {
                int status = status(line);
                Map<String, List<String>> headers = headers();
                if (status >= 100 && status < 200 && status != 101) {
                    line = readLine();
                    if (line == null) {
                        throw new EOFException("connection closed after an interim answer");
                    }
                    continue;
                }
                HttpHeaders parsed = HttpHeaders.of(headers, (name, value) -> true);
                boolean keepAlive = line.startsWith("HTTP/1.1")
                        ? !has(parsed, "Connection", "close") : has(parsed, "Connection", "keep-alive");
                return new Answer(status, parsed, body(status, parsed, keepAlive));
            }
        }

        private InputStream body(int status, HttpHeaders headers, boolean keepAlive) throws IOException {
            if (status == 204 || status == 304) {
                return new Body(0, false, keepAlive);
            }
            if (has(headers, "Transfer-Encoding", "chunked")) {
                return new Body(0, true, keepAlive);
            }
            var length = headers.firstValue("Content-Length");
            if (length.isPresent()) {
                try {
                    return new Body(Long.parseLong(length.get().trim()), false, keepAlive);
                } catch (NumberFormatException e) {
                    throw new IOException("Content-Length " + length.get());
                }
            }
            return new Body(-1, false, false);
        }

        private static int status(String line) throws IOException {
            if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x status line: " + line);
            }
            try {
                return Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP/1.x status line: " + line);
            }
        }

        private Map<String, List<String>> headers() throws IOException {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int count = 0; ; count++) {
                String header = readLine();
                if (header == null) {
                    throw new EOFException("connection closed in the headers");
                }
                if (header.isEmpty()) {
                    return headers;
                }
                int colon = header.indexOf(':');
                if (colon <= 0 || count == MAX_HEADERS) {
                    throw new IOException("malformed header: " + header);
                }
                headers.computeIfAbsent(header.substring(0, colon).trim(), n -> new ArrayList<>(1))
                        .add(header.substring(colon + 1).trim());
            }
        }

        private static boolean has(HttpHeaders headers, String name, String token) {
            for (String value : headers.allValues(name)) {
                for (String part : value.split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** A line without its CRLF (or LF); null at the end of the stream before any byte of it. */
        private String readLine() throws IOException {
            int length = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (length == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed in a line");
                }
                if (b == '\n') {
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return new String(line, 0, length, StandardCharsets.ISO_8859_1);
                }
                if (length == line.length) {
                    throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line[length++] = (byte) b;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }

        /**
         * A body framed by its length, by chunks, or (length -1) by the end of the connection. Closed after its last
         * byte, it gives the connection back for the next request; closed earlier, it closes the connection.
         */
        private final class Body extends InputStream {
            private final boolean chunked;
            private final boolean untilEnd;
            private final boolean keepAlive;
            private long left;
            private boolean firstChunk = true;
            private boolean done;
            private boolean closed;

            private Body(long length, boolean chunked, boolean keepAlive) {
                this.chunked = chunked;
                this.untilEnd = !chunked && length < 0;
                this.keepAlive = keepAlive && !untilEnd;
                this.left = Math.max(0, length);
                this.done = !chunked && length == 0;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (done || closed) {
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                if (chunked && left == 0) {
                    nextChunk();
                    if (done) {
                        return -1;
                    }
                }
                int n = in.read(buffer, offset, untilEnd ? length : (int) Math.min(length, left));
                if (n < 0) {
                    if (untilEnd) {
                        done = true;
                        return -1;
                    }
                    throw new EOFException("connection closed in the body");
                }
                if (!untilEnd) {
                    left -= n;
                    done = !chunked && left == 0;
                }
                return n;
            }

            private void nextChunk() throws IOException {
                if (!firstChunk && !"".equals(readLine())) {
                    throw new IOException("no CRLF after a chunk");
                }
                firstChunk = false;
                String size = readLine();
                if (size == null) {
                    throw new EOFException("connection closed in the body");
                }
                int extension = size.indexOf(';');
                try {
                    left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("chunk size " + size);
                }
                if (left == 0) {
                    // trailers: nothing a phone fetches uses them
                    String trailer = readLine();
                    while (trailer != null && !trailer.isEmpty()) {
                        trailer = readLine();
                    }
                    done = true;
                }
            }

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                if (done && keepAlive) {
                    Connection previous = idle.put(origin, Connection.this);
                    if (previous != null && previous != Connection.this) {
                        previous.close();
                    }
                } else {
                    Connection.this.close();
                }
            }
        }
    }
}
