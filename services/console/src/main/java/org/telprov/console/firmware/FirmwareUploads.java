package org.telprov.console.firmware;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.telprov.console.api.ApiProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Passes a firmware image on to the firmware API as it arrives, a buffer at a time, never whole in memory: the REST
 * client would read an {@link InputStream} entity into memory first, the JDK's client streams it with its length. Like
 * every call it carries the person's token, and a refusal becomes an {@link ApiProblem}.
 */
@ApplicationScoped
public class FirmwareUploads {

    private final HttpClient http;
    private final URI firmware;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public FirmwareUploads(@ConfigProperty(name = "quarkus.rest-client.firmware.url") URI firmware,
                           @ConfigProperty(name = "quarkus.rest-client.firmware.connect-timeout", defaultValue = "2000")
                           long connectTimeoutMillis,
                           SecurityIdentity identity, ObjectMapper json) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(connectTimeoutMillis)).build();
        this.firmware = firmware;
        this.identity = identity;
        this.json = json;
    }

    /**
     * @param length the image's length in bytes, or -1 when the browser did not say (then it is sent chunked)
     * @throws ApiProblem what the firmware API refused, worded by it (413 too_large, 409 version_exists, …), or 502
     *                    when the upload could not be passed on
     */
    public FirmwareViews.Artifact upload(FirmwareViews.Upload upload, InputStream image, long length) {
        StringBuilder query = new StringBuilder();
        query(query, "vendor", upload.vendor());
        query(query, "product", upload.product());
        query(query, "version", upload.version());
        query(query, "oemName", upload.oemName());
        query(query, "releaseNotes", upload.releaseNotes());
        query(query, "sha256", upload.sha256());
        query(query, "md5", upload.md5());
        URI uri = URI.create(firmware.toString().replaceAll("/+$", "") + "/api/v1/firmware/artifacts" + query);
        HttpRequest.BodyPublisher body = length >= 0
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> image), length)
                : HttpRequest.BodyPublishers.ofInputStream(() -> image);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/octet-stream").header("Accept", "application/json")
                .POST(body);
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token != null) {
            request.header("Authorization", "Bearer " + token.getToken());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiProblem(502, new ApiProblem.Body(null, 502,
                    "The upload could not be passed on to the firmware service: " + e.getMessage(), null, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(503, new ApiProblem.Body(null, 503, "The upload was interrupted.", null, null));
        }
        if (response.statusCode() >= 400) {
            throw new ApiProblem(response.statusCode(), problem(response));
        }
        try {
            return json.readValue(response.body(), FirmwareViews.Artifact.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the firmware API's answer is not an artifact", e);
        }
    }

    private static void query(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append(query.isEmpty() ? '?' : '&').append(name).append('=')
                    // %20, not the form encoding's '+', which not every server reads as a space in a query
                    .append(URLEncoder.encode(value.trim(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
    }

    private ApiProblem.Body problem(HttpResponse<byte[]> response) {
        boolean isJson = response.headers().firstValue("Content-Type").map(type -> type.contains("json")).orElse(false);
        if (!isJson || response.body().length == 0) {
            return null;
        }
        try {
            return json.readValue(response.body(), ApiProblem.Body.class);
        } catch (IOException unreadable) {
            return null;
        }
    }
}
