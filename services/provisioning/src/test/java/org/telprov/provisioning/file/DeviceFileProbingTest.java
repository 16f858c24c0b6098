package org.telprov.provisioning.file;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.SharedTestProfile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/**
 * The device files' probing budget: a source walking MACs it does not know runs out of it and then gets 429 for every
 * device file, its hits included; a device fetching its own files spends none. Callers act as several addresses
 * through X-Forwarded-For from the loopback. The budget ({@link SharedTestProfile}): ten answers at once, then one
 * every 100 s, so nothing refills while a test runs.
 */
@QuarkusTest
@TestProfile(SharedTestProfile.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceFileProbingTest {

    private static final String ADMIN = TestTokens.partnerAdmin("probe-acme");
    private static final String KNOWN = "901b0e7b0001";
    private static boolean ready;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void aKnownDevice() {
        if (ready) {
            return;
        }
        created(ADMIN, profile("probed", Map.of("SIP.Account.0.AuthName", "1012")));
        published(ADMIN, "probed");
        device(KNOWN, "probe-acme", "probed");
        ready = true;
    }

    @Test
    void walkingAMacRangeRunsOutOfBudgetAndThenEvenAKnownDeviceGets429() {
        String scanner = "198.51.100.7";
        int unknown = 0;
        int status = 404;
        while (status == 404 && unknown < 200) {
            status = from(scanner).get("/prov/901b0e7a%04x/".formatted(unknown)).statusCode();
            unknown++;
        }
        assertThat(status).isEqualTo(429);
        assertThat(unknown).isGreaterThan(10);

        from(scanner).get("/prov/" + KNOWN + "/").then().statusCode(429).body(emptyString());
        from(scanner).get("/prov/" + KNOWN + "/nvm/updates.xml").then().statusCode(429).body(emptyString());
        from("198.51.100.8").get("/prov/" + KNOWN + "/").then().statusCode(200);
        assertThat(registry.get("telprov.provisioning.probes.limited").counter().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aDeviceFetchingItsOwnFilesSpendsNoBudget() {
        for (int i = 0; i < 30; i++) {
            Response response = from("198.51.100.9").get("/prov/" + KNOWN + "/nvm/updates.xml");
            assertThat(response.statusCode()).isEqualTo(200);
        }
        from("198.51.100.9").get("/prov/901b0e7bffff/").then().statusCode(404).body(emptyString());
    }

    private static io.restassured.specification.RequestSpecification from(String address) {
        return RestAssured.given().header("X-Forwarded-For", address).redirects().follow(false);
    }
}
