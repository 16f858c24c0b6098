package org.telprov.console.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;
import org.telprov.console.health.StandInServices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator's platform health page against stand-in services: one ready, one not, one hanging, one gone. */
@QuarkusTest
@QuarkusTestResource(StandInServices.class)
class HealthPageTest {

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void eachServiceIsShownAsItAnswersAndAServiceThatDoesNotAnswerIsSaidSoNotAnError() {
        String page = given().get("/health").then().statusCode(200).extract().asString();

        assertThat(row(page, "inventory")).contains("<strong>ready</strong>")
                .contains("<td>3</td><td>42</td>").contains("<strong>2</strong> (see the dead-letter topics)");
        assertThat(row(page, "provisioning")).contains("<strong>not ready</strong>: its readiness check answered 503")
                .contains("<code>Database connections health check</code>").doesNotContain("Kafka connection")
                .contains("<td>0</td><td>—</td><td>0</td>");
        assertThat(row(page, "redirect")).contains("<strong>not answering</strong>: no answer within 3000 ms")
                .contains("<td>—</td><td>—</td><td>—</td>");
        assertThat(row(page, "firmware")).contains("<strong>not answering</strong>: connection refused");
        assertThat(page).contains("Not every service is ready.").contains("<a href=\"/health\" aria-current=\"page\">");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aPartnerIsRefusedThePageByTheConsoleAndNotOfferedIt() {
        String page = given().get("/health").then().statusCode(403).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> Not allowed: only the operator sees the platform health.")
                .doesNotContain("id=\"health\"").doesNotContain("href=\"/health\"");
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aReadOnlyPartnerIsRefusedToo() {
        given().get("/health").then().statusCode(403);
    }

    private static String row(String page, String service) {
        int start = page.indexOf("<tr id=\"health-" + service + "\">");
        assertThat(start).as(service + "'s row").isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
