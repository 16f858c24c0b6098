package org.telprov.provisioning.release;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyString;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;
import static org.telprov.provisioning.release.ReleasePinTest.settings;
import static org.telprov.provisioning.release.ReleasePinTest.updatesUvc;

/**
 * What a device gets is held in memory, which never hides a write from the replica that took it, and takes another
 * replica's write (rows plus the profile's routing version) from its poll.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class CachedReleaseTest {

    private static final String ADMIN = TestTokens.partnerAdmin("cache-acme");

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void openDevices() {
        withoutDeviceAuth(ADMIN);
    }

    @Test
    void aPublishAPinAndARollbackAreServedRightAfterTheWriteThoughTheReleaseIsCached() throws Exception {
        String mac = "901b0e5d0001";
        created(ADMIN, profile("cached", Map.of("A", "1")));
        String first = published(ADMIN, "cached");
        device(mac, "cache-acme", "cached");
        assertThat(updatesUvc(mac)).isEqualTo(first);
        assertThat(updatesUvc(mac)).isEqualTo(first);

        as(ADMIN).body(profile("cached", Map.of("A", "2"))).put("/api/v1/profiles/cached").then().statusCode(200);
        String second = published(ADMIN, "cached");
        assertThat(updatesUvc(mac)).isEqualTo(second);
        assertThat(settings(mac, second)).containsEntry("A", "2");

        as(ADMIN).body(Map.of("uvc", first)).put("/api/v1/profiles/cached/pins/" + mac).then().statusCode(201);
        assertThat(updatesUvc(mac)).isEqualTo(first);
        as(ADMIN).delete("/api/v1/profiles/cached/pins/" + mac).then().statusCode(204);
        assertThat(updatesUvc(mac)).isEqualTo(second);

        String third = as(ADMIN).queryParam("from", first).post("/api/v1/profiles/cached/releases")
                .then().statusCode(201).extract().path("uvc");
        assertThat(updatesUvc(mac)).isEqualTo(third);
        assertThat(settings(mac, third)).containsEntry("A", "1");

        as(ADMIN).delete("/api/v1/profiles/cached").then().statusCode(204);
        RestAssured.given().get("/prov/" + mac + "/nvm/updates.xml").then().statusCode(404).body(emptyString());
    }

    @Test
    void anUnknownDeviceIsServedAsSoonAsInventoryRegistersIt() throws Exception {
        String mac = "901b0e5d0002";
        created(ADMIN, profile("arriving", Map.of("A", "1")));
        String uvc = published(ADMIN, "arriving");
        RestAssured.given().get("/prov/" + mac + "/nvm/updates.xml").then().statusCode(404);

        device(mac, "cache-acme", "arriving");

        assertThat(updatesUvc(mac)).isEqualTo(uvc);
    }

    @Test
    void aPinWrittenThroughAnotherReplicaIsServedOnceThePollerSeesTheProfilesVersion() throws Exception {
        String mac = "901b0e5d0003";
        created(ADMIN, profile("elsewhere", Map.of("A", "1")));
        String first = published(ADMIN, "elsewhere");
        String second = published(ADMIN, "elsewhere");
        device(mac, "cache-acme", "elsewhere");
        assertThat(updatesUvc(mac)).isEqualTo(second);

        // another replica shares the database but not this replica's memory: nothing here learns of the pin
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into release_pin (profile_id, mac, tenant_id, release_id, pinned_at, pinned_by)
                        select r.profile_id, ?1, r.tenant_id, r.id, now(), 'another replica'
                        from release r join profile p on p.id = r.profile_id
                        where p.tenant_id = 'cache-acme' and p.name = 'elsewhere' and r.uvc = ?2""")
                .setParameter(1, mac).setParameter(2, first).executeUpdate());
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        update profile set routing_version = nextval('routing_version')
                        where tenant_id = 'cache-acme' and name = 'elsewhere'""").executeUpdate());

        await().atMost(Duration.ofSeconds(30)).until(() -> first.equals(updatesUvc(mac)));
    }
}
