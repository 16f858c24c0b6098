package org.telprov.provisioning.tftp;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;

/**
 * A stand-in for the firmware service, started on first use: serves {@link #IMAGE} (20 MB) at the download path of
 * {@link #ARTIFACT} (any query) with a Content-Length, in pieces; 404 for anything else.
 */
public final class FirmwareStandIn {

    static final String ARTIFACT = "33333333-4444-5555-6666-777777777777";
    static final byte[] IMAGE = image();

    private static HttpServer server;

    private FirmwareStandIn() {
    }

    public static synchronized String baseUrl() {
        if (server == null) {
            server = started();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static byte[] image() {
        byte[] image = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(image);
        return image;
    }

    private static HttpServer started() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/firmware/download/", exchange -> {
                if (!exchange.getRequestURI().getPath().equals("/firmware/download/" + ARTIFACT)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.sendResponseHeaders(200, IMAGE.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int offset = 0; offset < IMAGE.length; offset += 65536) {
                        out.write(IMAGE, offset, Math.min(65536, IMAGE.length - offset));
                    }
                }
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
