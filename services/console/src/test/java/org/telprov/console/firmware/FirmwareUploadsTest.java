package org.telprov.console.firmware;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.console.api.ApiProblem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The upload passed on to a stand-in firmware API over real HTTP: its length, token, query and bytes, and refusals. */
class FirmwareUploadsTest {

    private HttpServer firmware;
    private final AtomicReference<String> request = new AtomicReference<>();
    private final AtomicReference<String> received = new AtomicReference<>();
    private volatile int status = 201;
    private volatile String answer;

    @BeforeEach
    void standInFirmwareApi() throws IOException {
        firmware = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        firmware.createContext("/api/v1/firmware/artifacts", exchange -> {
            request.set(exchange.getRequestURI() + " length=" + exchange.getRequestHeaders().getFirst("Content-Length")
                    + " auth=" + exchange.getRequestHeaders().getFirst("Authorization")
                    + " type=" + exchange.getRequestHeaders().getFirst("Content-Type"));
            try (InputStream body = exchange.getRequestBody()) {
                received.set(sha256(body));
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    status < 400 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        firmware.start();
    }

    @AfterEach
    void stop() {
        firmware.stop(0);
    }

    @Test
    void theImageGoesOnWithItsLengthThePersonsTokenAndTheFormsFieldsInTheQuery() throws Exception {
        byte[] image = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(image);
        answer = """
                {"id":"a1","tenantId":"acme","platformWide":false,"vendor":"gigaset-maxwell","product":"mx3b",
                 "version":"2.1","size":3145745,"sha256":"abc","createdAt":"2026-12-01T10:00:00Z","future":1}""";

        FirmwareViews.Artifact artifact = uploads().upload(new FirmwareViews.Upload("gigaset-maxwell", "mx3b", "2.1",
                null, "fixes & more", null, ""), new ByteArrayInputStream(image), image.length);

        assertThat(artifact.id()).isEqualTo("a1");
        assertThat(artifact.size()).isEqualTo(3145745);
        assertThat(received.get()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(image)));
        assertThat(request.get()).isEqualTo("/api/v1/firmware/artifacts?vendor=gigaset-maxwell&product=mx3b"
                + "&version=2.1&releaseNotes=fixes%20%26%20more length=" + image.length
                + " auth=Bearer the-persons-token type=application/octet-stream");
    }

    @Test
    void aRefusalBecomesTheProblemTheFirmwareApiWorded() {
        status = 409;
        answer = """
                {"title":"Conflict","status":409,"code":"version_exists",
                 "detail":"product gigaset-maxwell/mx3b already has version 2.1"}""";

        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> uploads().upload(
                new FirmwareViews.Upload("gigaset-maxwell", "mx3b", "2.1", null, null, null, null),
                new ByteArrayInputStream(new byte[10]), 10));

        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.code()).isEqualTo("version_exists");
        assertThat(problem.message()).isEqualTo("product gigaset-maxwell/mx3b already has version 2.1");
    }

    @Test
    void aFirmwareServiceThatIsNotThereIsABadGatewayInWords() {
        firmware.stop(0);

        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> uploads().upload(
                new FirmwareViews.Upload("gigaset-maxwell", "mx3b", "2.1", null, null, null, null),
                new ByteArrayInputStream(new byte[10]), 10));

        assertThat(problem.status()).isEqualTo(502);
        assertThat(problem.message()).startsWith("The upload could not be passed on to the firmware service");
    }

    private FirmwareUploads uploads() {
        SecurityIdentity person = mock(SecurityIdentity.class);
        when(person.getCredential(AccessTokenCredential.class))
                .thenReturn(new AccessTokenCredential("the-persons-token"));
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return new FirmwareUploads(URI.create("http://127.0.0.1:" + firmware.getAddress().getPort() + "/"), 2000,
                person, json);
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
