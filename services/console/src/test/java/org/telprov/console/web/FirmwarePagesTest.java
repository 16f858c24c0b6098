package org.telprov.console.web;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.firmware.FirmwareApi;
import org.telprov.console.firmware.FirmwareUploads;
import org.telprov.console.firmware.FirmwareViews;
import org.telprov.console.inventory.InventoryViews;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The firmware pages with a stand-in firmware API; the test profile limits images to 1 KiB. */
@QuarkusTest
class FirmwarePagesTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final FirmwareViews.Artifact ACME = new FirmwareViews.Artifact(
            "1c0d5c2e-0000-4000-8000-000000000001", "acme", false, "gigaset-maxwell", "mx3b", "2.1", null, null, 4,
            SHA, "098f6bcd4621d373cade4e832627b4f6", Instant.parse("2026-12-01T10:00:00Z"));
    private static final FirmwareViews.Artifact VENDOR = new FirmwareViews.Artifact(
            "1c0d5c2e-0000-4000-8000-000000000002", null, true, "gigaset-maxwell", "mx3b", "2.0", null, null,
            3_145_728, "a".repeat(64), null, Instant.parse("2026-11-01T10:00:00Z"));

    @InjectMock
    @RestClient
    FirmwareApi firmware;

    @InjectMock
    FirmwareUploads uploads;

    @BeforeEach
    void artifacts() {
        when(firmware.artifacts(any(), any(), anyInt(), anyInt()))
                .thenReturn(new InventoryViews.Page<>(List.of(ACME, VENDOR), 0, 25, 2));
        when(firmware.artifact(ACME.id())).thenReturn(ACME);
        when(firmware.channels("gigaset-maxwell", "mx3b")).thenReturn(List.of(new FirmwareViews.Channel("latest",
                "acme", false, "gigaset-maxwell", "mx3b", ACME.id(), "2.1", Instant.parse("2026-12-01T10:00:00Z"))));
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    @OidcSecurity(claims = @Claim(key = "tenant_id", value = "acme"))
    void theListShowsEachArtifactsChecksumsAndWhoseItIs() {
        String page = given().get("/firmware").then().statusCode(200).extract().asString();

        assertThat(page).contains("<code class=\"checksum\">" + SHA + "</code>")
                .contains("md5 <code class=\"checksum\">098f6bcd4621d373cade4e832627b4f6</code>")
                .contains("<td>tenant acme</td>").contains("<td>platform-wide</td>").contains("<td>3.0 MiB</td>")
                .contains("data-max-bytes=\"1024\"").contains("Your uploads are firmware of tenant <strong>acme</strong>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void anImageIsPassedOnWholeAndItsChecksumShown() {
        byte[] image = "test".getBytes();
        byte[][] received = new byte[1][];
        when(uploads.upload(eq(new FirmwareViews.Upload("gigaset-maxwell", "mx3b", "2.1", null, "first build", null,
                null)), any(), eq(4L))).thenAnswer(call -> {
                    received[0] = read(call.getArgument(1));
                    return ACME;
                });

        String page = Csrf.header().contentType("application/octet-stream").body(image)
                .queryParam("vendor", "gigaset-maxwell").queryParam("product", "mx3b").queryParam("version", "2.1")
                .queryParam("releaseNotes", " first build ")
                .post("/firmware").then().statusCode(200).extract().asString();

        assertThat(received[0]).isEqualTo(image);
        assertThat(page).contains("<code class=\"checksum\" id=\"uploaded-sha256\">" + SHA + "</code>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void anImageWithoutTheFormsTokenIsRefusedAndNotPassedOn() {
        given().cookie("csrf-token", Csrf.TOKEN).contentType("application/octet-stream").body(new byte[10])
                .queryParam("vendor", "gigaset-maxwell").queryParam("product", "mx3b").queryParam("version", "3")
                .post("/firmware").then().statusCode(400);
        Csrf.header().header("X-CSRF-TOKEN", "b3RoZXItdG9rZW4tMTIzNA").contentType("application/octet-stream")
                .body(new byte[10]).queryParam("vendor", "gigaset-maxwell").queryParam("product", "mx3b")
                .queryParam("version", "3").post("/firmware").then().statusCode(400);

        verify(uploads, never()).upload(any(), any(), anyLong());
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void anImageOverTheLimitIsRefusedWithTheLimitInWordsAndNotPassedOn() {
        String page = Csrf.header().contentType("application/octet-stream").body(new byte[2048])
                .queryParam("vendor", "gigaset-maxwell").queryParam("product", "mx3b").queryParam("version", "9")
                .post("/firmware").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> The image has 2.0 KiB (2048 bytes); a firmware image may "
                + "have at most 1.0 KiB (1024 bytes).").contains("id=\"image-error\"").contains("value=\"9\"");
        verify(uploads, never()).upload(any(), any(), anyLong());
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void whatTheFirmwareApiRefusesIsShownNextToItsField() {
        when(uploads.upload(any(), any(), anyLong())).thenThrow(new ApiProblem(409, new ApiProblem.Body("Conflict",
                409, "version 2.1 of gigaset-maxwell/mx3b exists", "version_exists",
                List.of(new ApiProblem.FieldError("version", "exists already")))));

        String page = Csrf.header().contentType("application/octet-stream").body(new byte[10])
                .queryParam("vendor", "gigaset-maxwell").queryParam("product", "mx3b").queryParam("version", "2.1")
                .post("/firmware").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> version 2.1 of gigaset-maxwell/mx3b exists")
                .contains("<p class=\"field-error\" id=\"version-error\"><strong>Error:</strong> exists already</p>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void movingAChannelPointsItAtTheArtifactAndSaysSo() {
        when(firmware.moveChannel("gigaset-maxwell", "mx3b", "stable", new FirmwareViews.ChannelMove(ACME.id())))
                .thenReturn(new FirmwareViews.Channel("stable", "acme", false, "gigaset-maxwell", "mx3b", ACME.id(),
                        "2.1", Instant.now()));

        Csrf.given().redirects().follow(false).formParam("channel", " stable ").post("/firmware/" + ACME.id() + "/channel")
                .then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/firmware/" + ACME.id() + "?moved=stable"));
        String page = given().queryParam("moved", "stable").get("/firmware/" + ACME.id())
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("Channel stable now points at this artifact.")
                .contains("<code class=\"checksum\" id=\"artifact-sha256\">" + SHA + "</code>")
                .contains("<strong>latest</strong> (this artifact)");
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aReadOnlyPersonGetsNoUploadAndNoChannelControl() {
        for (String path : List.of("/firmware", "/firmware/" + ACME.id())) {
            String page = given().get(path).then().statusCode(200).extract().asString();
            assertThat(page).as(path).contains(SHA).doesNotContain("method=\"post\"").doesNotContain("type=\"file\"")
                    .doesNotContain("id=\"move-channel\"");
        }
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theOperatorsUploadsAreSaidToBePlatformWide() {
        assertThat(given().get("/firmware").then().statusCode(200).extract().asString())
                .contains("Your uploads are <strong>platform-wide</strong> vendor firmware");
    }

    @Test
    @TestSecurity(user = "globex-admin", roles = "partner-admin")
    void anArtifactTheApiDoesNotShowReadsAsNotFound() {
        when(firmware.artifact("1c0d5c2e-0000-4000-8000-000000000009")).thenThrow(new ApiProblem(404,
                new ApiProblem.Body("Not Found", 404, "artifact not found", "not_found", List.of())));

        assertThat(given().get("/firmware/1c0d5c2e-0000-4000-8000-000000000009").then().statusCode(200).extract()
                .asString()).contains("No firmware artifact 1c0d5c2e-0000-4000-8000-000000000009 that you can read.");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aFirmwareServiceThatDoesNotAnswerIsSaidSo() {
        when(firmware.artifacts(any(), any(), anyInt(), anyInt()))
                .thenThrow(new jakarta.ws.rs.ProcessingException("Connection refused"));

        assertThat(given().get("/firmware").then().statusCode(200).extract().asString())
                .contains("<strong>Error:</strong> The firmware service does not answer; try again later.");
    }

    private static byte[] read(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
