package org.telprov.console.web;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.provisioning.DeviceAuthApi;
import org.telprov.console.provisioning.ProvisioningViews;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The device authentication setting page, with a stand-in provisioning API. */
@QuarkusTest
class DeviceAuthPageTest {

    @InjectMock
    @RestClient
    DeviceAuthApi deviceAuth;

    @BeforeEach
    void stubSetting() {
        when(deviceAuth.get()).thenReturn(new ProvisioningViews.DeviceAuth("digest",
                List.of("provisioning.xml", "custom/*.pem"), List.of("SHA-256"), List.of()));
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aReadOnlyPersonReadsTheSettingInWordsWithoutAControlThatWrites() {
        String page = given().get("/device-auth").then().statusCode(200).extract().asString();

        assertThat(page).contains("digest: every file not listed as public needs HTTP Digest")
                .contains("<code>provisioning.xml</code>, <code>custom/*.pem</code>");
        assertThat(page).doesNotContain("<form");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void savingSendsTheFormAsTheApisSettingAndLeadsBackToIt() {
        String page = given().get("/device-auth").then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"mode-digest\" name=\"mode\" value=\"digest\" checked")
                .contains("id=\"algorithm-SHA-256\" name=\"algorithms\" value=\"SHA-256\" checked")
                .contains("id=\"algorithm-MD5\" name=\"algorithms\" value=\"MD5\" >");

        Csrf.given().redirects().follow(false).formParam("mode", "off")
                .formParam("publicFiles", "provisioning.xml\r\n\r\n custom/acme-ca.pem \r\n")
                .formParam("algorithms", "SHA-256").formParam("algorithms", "MD5")
                .formParam("tftpDialects", "plug-n-dial")
                .post("/device-auth").then().statusCode(303).header("Location", endsWith("/device-auth?saved=true"));
        assertThat(given().queryParam("saved", "true").get("/device-auth").then().statusCode(200).extract().asString())
                .contains("<strong>Done:</strong> Device authentication saved.");

        verify(deviceAuth).replace(new ProvisioningViews.DeviceAuth("off",
                List.of("provisioning.xml", "custom/acme-ca.pem"), List.of("SHA-256", "MD5"), List.of("plug-n-dial")));
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aRefusedPublicFileIsReportedNextToTheListWithWhatWasTyped() {
        when(deviceAuth.replace(any())).thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request", 400,
                "settings.xml carries credentials or parameters", "validation_failed",
                List.of(new ApiProblem.FieldError("publicFiles[1]", "settings.xml carries credentials or parameters")))));

        String page = Csrf.given().formParam("mode", "digest").formParam("publicFiles", "provisioning.xml\nsettings.xml")
                .formParam("algorithms", "SHA-256")
                .post("/device-auth").then().statusCode(200).extract().asString();

        assertThat(page).contains("<p class=\"field-error\" id=\"public-error\"><strong>Error:</strong> settings.xml carries credentials or parameters</p>")
                .contains(">provisioning.xml\nsettings.xml</textarea>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void forgettingADevicesCredentialsAsksTheApi() {
        Csrf.given().redirects().follow(false).formParam("mac", "90:1b:0e:aa:00:02").post("/device-auth/forget")
                .then().statusCode(303).header("Location", endsWith("/device-auth?forgot=90%3A1b%3A0e%3Aaa%3A00%3A02"));

        verify(deviceAuth).forget("90:1b:0e:aa:00:02");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theOperatorIsToldTheApisRefusal() {
        when(deviceAuth.get()).thenThrow(new ApiProblem(403, null));

        String page = given().get("/device-auth").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> Not allowed for your role.").doesNotContain("<form");
    }
}
