package org.telprov.redirect.lookup;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventTypes;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.redirect.InventoryEvents.device;
import static org.telprov.redirect.InventoryEvents.send;
import static org.telprov.redirect.InventoryEvents.tenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class LookupTest {

    @BeforeAll
    static void tenantsAndDevices() {
        send(tenant(EventTypes.TENANT_CREATED, "lookup-acme",
                "https://prov.acme.example/<MACADR>/cfg?sn={serial}&hw=<HWTYP>&m={mac_colons}", "active", 1));
        send(device(EventTypes.DEVICE_REGISTERED, "00095200000e", "lookup-acme", "123412341234", 1));
    }

    @Test
    void aKnownDeviceIsRedirectedToItsTenantsUrlWithTheMarkersExpanded() {
        String expected = "https://prov.acme.example/00095200000E/cfg?sn=123412341234&hw=D200&m=00:09:52:00:00:0e";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestAssured.given().redirects().follow(false).get("/device/00095200000e")
                        .then().statusCode(302).header("Location", expected));

        for (String form : new String[]{"00:09:52:00:00:0E", "00-09-52-00-00-0e", "00095200000E"}) {
            RestAssured.given().redirects().follow(false).get("/device/" + form)
                    .then().statusCode(302).header("Location", expected);
        }
    }

    @Test
    void anUnknownDeviceGetsA404ThatSaysNothing() {
        RestAssured.given().redirects().follow(false).get("/device/0009520000ff")
                .then().statusCode(404).body(emptyString());
    }

    @Test
    void somethingThatIsNotAMacIsABadRequest() {
        RestAssured.given().get("/device/not-a-mac")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_mac"));
    }

    @Test
    void theServiceIsReadyOnlyWithItsRoutingTableLoaded() {
        RestAssured.given().get("/q/health/ready")
                .then().statusCode(200).body("checks.find { it.name == 'routing-table' }.status", equalTo("UP"));
    }
}
