package org.telprov.redirect.checkin;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.TenantSnapshot;
import org.telprov.redirect.SharedTestProfile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.telprov.redirect.Redirect.device;
import static org.telprov.redirect.Redirect.registered;
import static org.telprov.redirect.Redirect.tenant;

/**
 * The check-in producer's broker is unreachable ({@link SharedTestProfile}; the routing consumers still read the real
 * one): lookups keep being answered, and the lost telemetry is counted.
 */
@QuarkusTest
@TestProfile(SharedTestProfile.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class CheckinsDuringKafkaOutageTest {

    @Inject
    MeterRegistry registry;

    @Test
    void lookupsAreAnsweredAndLostCheckinsCountedWhileKafkaIsUnreachable() {
        registered(tenant(TenantSnapshot.CREATED, "outage-acme", "https://p.acme.example/{mac}", "active", 1),
                device(DeviceSnapshot.REGISTERED, "0d0000000002", "outage-acme", "S", 1));
        double droppedBefore = dropped();

        for (int i = 0; i < 40; i++) {
            RestAssured.given().redirects().follow(false).get("/device/0d0000000002")
                    .then().statusCode(302).header("Location", "https://p.acme.example/0D0000000002");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> dropped() > droppedBefore);
        assertThat(registry.find("telprov.redirect.checkins.sent").counter().count()).isZero();
        RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("telprov_redirect_checkins_dropped_total"));
    }

    private double dropped() {
        return registry.find("telprov.redirect.checkins.dropped").counter().count();
    }
}
