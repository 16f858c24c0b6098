package org.telprov.phonesim.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** GETs through the JDK's {@link HttpClient}: a single phone, and whatever the plain transport does not speak (TLS). */
public final class JdkTransport implements Transport {

    private final HttpClient client;

    public JdkTransport(HttpClient client) {
        this.client = client;
    }

    @Override
    public Answer get(URI url, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(timeout);
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }
}
