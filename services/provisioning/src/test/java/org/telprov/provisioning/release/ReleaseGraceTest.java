package org.telprov.provisioning.release;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.memory.MemoryPoller;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.emptyString;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;

/**
 * A URL naming a UVC is served while that release is the device's current or pinned one, or for the grace period
 * (24 h by default) after its successor was published; older ones are the empty 404.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ReleaseGraceTest {

    private static final String TENANT = "grace-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);
    private static final String OLD = "2020-01-01_00:00:00";
    private static final String SUCCESSOR = "2020-01-02_00:00:00";

    @Test
    void aReleaseSupersededLongerThanTheGracePeriodAgoIsNoLongerServed() {
        String mac = twoReleasesOf2020("superseded", "901b0e7d0001");

        settings(mac, OLD).then().statusCode(404).body(emptyString());
        settings(mac, SUCCESSOR).then().statusCode(200);
    }

    @Test
    void aReleaseSupersededWithinTheGracePeriodIsStillServed() {
        String mac = twoReleasesOf2020("graced", "901b0e7d0002");
        String newest = published(ADMIN, "graced");

        settings(mac, SUCCESSOR).then().statusCode(200);
        settings(mac, newest).then().statusCode(200);
        settings(mac, OLD).then().statusCode(404);
    }

    @Test
    void aDevicePinnedToAnOldReleaseKeepsGettingIt() {
        String mac = twoReleasesOf2020("pinned-old", "901b0e7d0003");
        as(ADMIN).body(Map.of("uvc", OLD)).put("/api/v1/profiles/pinned-old/pins/" + mac).then().statusCode(201);

        settings(mac, OLD).then().statusCode(200);
    }

    /** A profile whose first release was superseded by its second on 2 January 2020, and a device on it. */
    private static String twoReleasesOf2020(String name, String mac) {
        withoutDeviceAuth(ADMIN);
        created(ADMIN, profile(name, Map.of("SIP.Account.0.AuthName", "1012")));
        String first = published(ADMIN, name);
        as(ADMIN).body(profile(name, Map.of("SIP.Account.0.AuthName", "1013"))).put("/api/v1/profiles/" + name)
                .then().statusCode(200);
        String second = published(ADMIN, name);
        QuarkusTransaction.requiringNew().run(() -> {
            for (List<String> uvcs : List.of(List.of(first, OLD), List.of(second, SUCCESSOR))) {
                Release.update("uvc = ?1 where tenantId = ?2 and uvc = ?3 and profileId in "
                        + "(select id from Profile where name = ?4)", uvcs.get(1), TENANT, uvcs.get(0), name);
            }
            // as every write that changes what devices get, with a new routing version, read here once committed
            Release.getEntityManager().createNativeQuery("update profile set routing_version = "
                    + "nextval('routing_version') where tenant_id = ?1 and name = ?2")
                    .setParameter(1, TENANT).setParameter(2, name).executeUpdate();
            Arc.container().instance(MemoryPoller.class).get().refreshAfterCommit();
        });
        device(mac, TENANT, name);
        return mac;
    }

    private static io.restassured.response.Response settings(String mac, String uvc) {
        return RestAssured.given().get("/prov/" + mac + "/nvm/" + uvc + "/settings.xml");
    }
}
