package org.telprov.redirect.lookup;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.TenantSnapshot;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.telprov.redirect.Redirect.device;
import static org.telprov.redirect.Redirect.registered;
import static org.telprov.redirect.Redirect.tenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class LookupTest {

    private static final String EXPECTED =
            "https://prov.acme.example/00095200000E/cfg?sn=123412341234&hw=D200&m=00:09:52:00:00:0e";

    @Inject
    MeterRegistry registry;

    private static boolean registered;

    // Not @BeforeAll: RestAssured learns the test port only per test.
    @BeforeEach
    void tenantsAndDevices() {
        if (registered) {
            return;
        }
        registered = true;
        registered(tenant(TenantSnapshot.CREATED, "lookup-acme",
                        "https://prov.acme.example/<MACADR>/cfg?sn={serial}&hw=<HWTYP>&m={mac_colons}", "active", 1),
                device(DeviceSnapshot.REGISTERED, "00095200000e", "lookup-acme", "123412341234", 1),
                device(DeviceSnapshot.REGISTERED, "7c2f80e0f5a7", "lookup-acme", "gigaset-maxwell", "N870", "G1", 1),
                device(DeviceSnapshot.REGISTERED, "0009520a1b2c", "lookup-acme", "auerswald-comfortel", "D-400", "A1",
                        1),
                device(DeviceSnapshot.REGISTERED, "805ec0123456", "lookup-acme", "yealink", "T46S", "Y1", 1),
                device(DeviceSnapshot.REGISTERED, "000413a1b2c3", "lookup-acme", "snom", "D720", "S1", 1));
    }

    private static RequestSpecification phone() {
        return RestAssured.given().redirects().follow(false);
    }

    @Test
    void aKnownDeviceIsRedirectedToItsTenantsUrlWithTheMarkersExpanded() {
        for (String form : new String[]{"00095200000e", "00:09:52:00:00:0E", "00-09-52-00-00-0e", "00095200000E"}) {
            phone().get("/device/" + form).then().statusCode(302).header("Location", EXPECTED);
        }
    }

    @Test
    void theMacIsTakenFromTheQuery() {
        phone().queryParam("mac", "00:09:52:00:00:0e").get("/device")
                .then().statusCode(302).header("Location", EXPECTED);
        phone().queryParam("mac", "nonsense").get("/device")
                .then().statusCode(400).body("code", equalTo("invalid_mac"));
    }

    @Test
    void theMacIsTakenFromProvisioningFileNames() {
        phone().get("/device/00095200000e.cfg").then().statusCode(302).header("Location", EXPECTED);
        phone().get("/device/00095200000E.xml").then().statusCode(302).header("Location", EXPECTED);
        phone().get("/device/snom720-000413A1B2C3.htm").then().statusCode(302)
                .header("Location", "https://prov.acme.example/000413A1B2C3/cfg?sn=S1&hw=D720&m=00:04:13:a1:b2:c3");
    }

    @Test
    void aGigasetAgentCarriesTheMacAndItsFamilyGetsTheConfiguredXmlAnswer() {
        // the test profile configures the gigaset family with answer=xml
        phone().header("User-Agent", "Gigaset N870 IP PRO/83.V2.11.0+build.a546b3d;7C2F80E0F5A7").get("/device")
                .then().statusCode(200).contentType("application/xml")
                .body(equalTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<provisioning><url>"
                        + "https://prov.acme.example/7C2F80E0F5A7/cfg?sn=G1&amp;hw=N870&amp;m=7c:2f:80:e0:f5:a7"
                        + "</url></provisioning>\n"));
    }

    @Test
    void anAuerswaldAgentCarriesTheMac() {
        phone().header("User-Agent", "Auerswald COMfortel D-400 V3.8.2 00:09:52:0A:1B:2C").get("/device")
                .then().statusCode(302)
                .header("Location", "https://prov.acme.example/0009520A1B2C/cfg?sn=A1&hw=D-400&m=00:09:52:0a:1b:2c");
    }

    @Test
    void aYealinkAgentCarriesTheMac() {
        phone().header("User-Agent", "Yealink SIP-T46S 66.86.0.15 80:5e:c0:12:34:56").get("/device")
                .then().statusCode(302)
                .header("Location", "https://prov.acme.example/805EC0123456/cfg?sn=Y1&hw=T46S&m=80:5e:c0:12:34:56");
    }

    @Test
    void aSnomAgentCarriesTheMacEvenWhenThePathDoesNot() {
        phone().header("User-Agent", "Mozilla/4.0 (compatible; snom720-SIP 8.9.3.80 000413A1B2C3)")
                .get("/device/snom720.htm")
                .then().statusCode(302)
                .header("Location", "https://prov.acme.example/000413A1B2C3/cfg?sn=S1&hw=D720&m=00:04:13:a1:b2:c3");
    }

    @Test
    void anUnknownDeviceGetsA404ThatSaysNothing() {
        phone().get("/device/0009520000ff").then().statusCode(404).body(emptyString());
        phone().header("User-Agent", "Yealink SIP-T46S 66.86.0.15 80:5e:c0:ff:ff:ff").get("/device")
                .then().statusCode(404).body(emptyString());
    }

    @Test
    void somethingThatIsNotAMacIsABadRequest() {
        phone().get("/device/not-a-mac")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_mac"));
        phone().header("User-Agent", "curl/8.0").get("/device")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_mac"));
    }

    @Test
    void anAddressProbingUnknownMacsIsThrottledButItsKnownDevicesAreNot() throws Exception {
        double limitedBefore = limited();
        double limitedLookupsBefore = lookups("limited");
        List<Integer> statuses = new ArrayList<>();
        // several at once, so that the probes outpace the budget's refill however slow the machine answers
        ExecutorService prober = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                String path = "/device/0e000000" + String.format("%04x", i);
                answers.add(prober.submit(() -> phone().header("X-Forwarded-For", "198.51.100.7").get(path)
                        .statusCode()));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        } finally {
            prober.shutdown();
        }
        assertThat(statuses).contains(404, 429).containsOnly(404, 429);
        assertThat(limited()).isGreaterThan(limitedBefore);
        assertThat(lookups("limited") - limitedLookupsBefore).isEqualTo(limited() - limitedBefore);

        phone().header("X-Forwarded-For", "198.51.100.7").get("/device/00095200000e").then().statusCode(302);
        // another address has its own budget
        phone().header("X-Forwarded-For", "198.51.100.8").get("/device/0e0000000000").then().statusCode(404);
        RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("telprov_redirect_probes_limited_total"));
    }

    @Test
    void everyAnswerIsCountedByItsOutcome() {
        double found = lookups("found");
        double unknown = lookups("unknown");
        double invalid = lookups("invalid");

        phone().get("/device/00095200000e").then().statusCode(302);
        phone().header("X-Forwarded-For", "198.51.100.20").get("/device/0009520000fe").then().statusCode(404);
        phone().get("/device/not-a-mac").then().statusCode(400);
        phone().queryParam("mac", "nonsense").get("/device").then().statusCode(400);

        assertThat(lookups("found")).isEqualTo(found + 1);
        assertThat(lookups("unknown")).isEqualTo(unknown + 1);
        assertThat(lookups("invalid")).isEqualTo(invalid + 2);
    }

    @Test
    void aHeadRequestIsAnsweredLikeAGet() {
        phone().head("/device/00095200000e").then().statusCode(302).header("Location", EXPECTED);
        phone().head("/device/0009520000fd").then().statusCode(404);
    }

    @Test
    void theLookupIsDocumentedInOpenApi() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/device/{file}'.get.responses.keySet()", hasItems("302", "200", "400", "404", "429"))
                .body("paths.'/device/{file}'.get.parameters.name", hasItems("file", "User-Agent"))
                .body("paths.'/device/{file}'.get.tags", hasItems("Device lookup"))
                .body("paths.'/device'.get.parameters.name", hasItems("mac", "User-Agent"))
                .body("paths.'/device'.get.responses.'200'.'$ref'", equalTo("#/components/responses/ProvisioningXml"))
                .body("components.responses.ProvisioningXml.content.keySet()", hasItems("application/xml"));
    }

    @Test
    void theServiceIsReadyOnlyWithItsRoutingTableLoaded() {
        RestAssured.given().get("/q/health/ready")
                .then().statusCode(200).body("checks.find { it.name == 'routing-table' }.status", equalTo("UP"));
    }

    private double lookups(String outcome) {
        var counter = registry.find("telprov.redirect.lookups").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double limited() {
        var counter = registry.find("telprov.redirect.probes.limited").counter();
        return counter == null ? 0 : counter.count();
    }
}
