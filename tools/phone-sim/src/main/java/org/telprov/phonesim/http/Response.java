package org.telprov.phonesim.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The final answer to a GET after redirects and Digest challenges: the URL that answered, its status and headers,
 * the body (of a download only its first {@value HttpSession#DOWNLOAD_HEAD_BYTES} bytes) with its size and SHA-256,
 * and the index of its step in the run's log.
 */
public record Response(URI url, int status, HttpHeaders headers, byte[] body, long bytes, String sha256, int step) {

    public boolean ok() {
        return status == 200;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The announced body size, when the header is there and a number. */
    public Optional<Long> contentLength() {
        try {
            return header("Content-Length").map(String::trim).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String text() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
