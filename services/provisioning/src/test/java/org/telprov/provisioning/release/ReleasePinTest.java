package org.telprov.provisioning.release;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.provisioning.file.StrictXml;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ReleasePinTest {

    private static final String ADMIN = TestTokens.partnerAdmin("pin-acme");
    private static final String READER = TestTokens.partner("pin-acme", "partner");
    private static final String OTHER_ADMIN = TestTokens.partnerAdmin("pin-globex");

    @BeforeEach
    void openDevices() {
        withoutDeviceAuth(ADMIN);
    }

    @Test
    void aPinnedDeviceGetsThePinnedReleaseWhileOthersGetTheNewestUntilUnpinned() throws Exception {
        String pinned = "901b0e5a0001";
        String free = "901b0e5a0002";
        created(ADMIN, profile("pinned", Map.of("A", "1")));
        String first = published(ADMIN, "pinned");
        as(ADMIN).body(profile("pinned", Map.of("A", "2"))).put("/api/v1/profiles/pinned").then().statusCode(200);
        String second = published(ADMIN, "pinned");
        device(pinned, "pin-acme", "pinned");
        device(free, "pin-acme", "pinned");
        assertThat(updatesUvc(pinned)).isEqualTo(second);

        as(ADMIN).body(Map.of("uvc", first)).put("/api/v1/profiles/pinned/pins/90:1B:0E:5A:00:01")
                .then().statusCode(201)
                .body("mac", equalTo(pinned)).body("uvc", equalTo(first)).body("applies", equalTo(true))
                .body("pinnedBy", equalTo("partner-pin-acme"));

        assertThat(updatesUvc(pinned)).isEqualTo(first);
        assertThat(settings(pinned, first)).containsEntry("A", "1");
        assertThat(updatesUvc(free)).isEqualTo(second);
        assertThat(settings(free, second)).containsEntry("A", "2");
        // a URL naming a UVC serves exactly that release, pin or not
        assertThat(settings(pinned, second)).containsEntry("A", "2");
        String third = published(ADMIN, "pinned");
        assertThat(updatesUvc(pinned)).isEqualTo(first);
        assertThat(updatesUvc(free)).isEqualTo(third);

        // pinning again replaces the pin
        as(ADMIN).body(Map.of("uvc", second)).put("/api/v1/profiles/pinned/pins/" + pinned)
                .then().statusCode(200).body("uvc", equalTo(second));
        assertThat(updatesUvc(pinned)).isEqualTo(second);
        as(READER).get("/api/v1/profiles/pinned/pins").then().statusCode(200)
                .body("total", equalTo(1)).body("items.mac", contains(pinned)).body("items.uvc", contains(second));
        as(READER).get("/api/v1/profiles/pinned/pins/" + pinned).then().statusCode(200).body("uvc", equalTo(second));

        as(ADMIN).delete("/api/v1/profiles/pinned/pins/" + pinned).then().statusCode(204);
        assertThat(updatesUvc(pinned)).isEqualTo(third);
        as(ADMIN).delete("/api/v1/profiles/pinned/pins/" + pinned).then().statusCode(404)
                .contentType("application/problem+json");
        as(READER).get("/api/v1/profiles/pinned/pins").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aPinDoesNotFollowTheDeviceToAnotherProfile() throws Exception {
        String mac = "901b0e5a0011";
        created(ADMIN, profile("stay", Map.of("A", "1")));
        String old = published(ADMIN, "stay");
        published(ADMIN, "stay");
        created(ADMIN, profile("elsewhere", Map.of("A", "9")));
        String elsewhere = published(ADMIN, "elsewhere");
        device(mac, "pin-acme", "stay");
        as(ADMIN).body(Map.of("uvc", old)).put("/api/v1/profiles/stay/pins/" + mac).then().statusCode(201);
        assertThat(updatesUvc(mac)).isEqualTo(old);

        device(DeviceSnapshot.UPDATED, mac, "pin-acme", "mx3b", "elsewhere", 2);
        assertThat(updatesUvc(mac)).isEqualTo(elsewhere);
        as(ADMIN).get("/api/v1/profiles/stay/pins/" + mac).then().statusCode(200)
                .body("uvc", equalTo(old)).body("applies", equalTo(false));
        as(ADMIN).body(Map.of("uvc", old)).put("/api/v1/profiles/stay/pins/" + mac).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("not_on_profile"));

        device(DeviceSnapshot.UPDATED, mac, "pin-acme", "mx3b", "stay", 3);
        assertThat(updatesUvc(mac)).isEqualTo(old);
    }

    @Test
    void anotherTenantsDeviceProfileOrReleaseIsNotFoundLikeAnUnknownOne() {
        String mine = "901b0e5a0021";
        String theirs = "901b0e5a0022";
        String unknown = "901b0e5a0023";
        created(ADMIN, profile("guarded", Map.of("A", "1")));
        String uvc = published(ADMIN, "guarded");
        created(OTHER_ADMIN, profile("theirs", Map.of("A", "1")));
        // UVCs are unique per profile only: their second release is later than our first, so the UVCs differ
        published(OTHER_ADMIN, "theirs");
        String theirUvc = published(OTHER_ADMIN, "theirs");
        assertThat(theirUvc).isNotEqualTo(uvc);
        created(OTHER_ADMIN, profile("guarded", Map.of("A", "1")));
        device(mine, "pin-acme", "guarded");
        device(theirs, "pin-globex", "guarded");

        String theirDevice = as(ADMIN).body(Map.of("uvc", uvc)).put("/api/v1/profiles/guarded/pins/" + theirs)
                .then().statusCode(404).contentType("application/problem+json").extract().asString();
        String unknownDevice = as(ADMIN).body(Map.of("uvc", uvc)).put("/api/v1/profiles/guarded/pins/" + unknown)
                .then().statusCode(404).contentType("application/problem+json").extract().asString();
        assertThat(theirDevice.replace(theirs, "MAC")).isEqualTo(unknownDevice.replace(unknown, "MAC"));

        String theirProfile = as(ADMIN).body(Map.of("uvc", theirUvc)).put("/api/v1/profiles/theirs/pins/" + mine)
                .then().statusCode(404).extract().asString();
        String unknownProfile = as(ADMIN).body(Map.of("uvc", theirUvc)).put("/api/v1/profiles/nothing/pins/" + mine)
                .then().statusCode(404).extract().asString();
        assertThat(theirProfile.replace("theirs", "NAME")).isEqualTo(unknownProfile.replace("nothing", "NAME"));
        as(ADMIN).get("/api/v1/profiles/theirs/pins").then().statusCode(404);

        // their profile of the same name has no release with our UVC, and ours none with theirs
        as(OTHER_ADMIN).body(Map.of("uvc", uvc)).put("/api/v1/profiles/guarded/pins/" + theirs).then().statusCode(404);
        String theirRelease = as(ADMIN).body(Map.of("uvc", theirUvc)).put("/api/v1/profiles/guarded/pins/" + mine)
                .then().statusCode(404).contentType("application/problem+json").extract().asString();
        String unknownRelease = as(ADMIN).body(Map.of("uvc", "2001-01-01_00:00:00"))
                .put("/api/v1/profiles/guarded/pins/" + mine).then().statusCode(404).extract().asString();
        assertThat(theirRelease.replace(theirUvc, "UVC")).isEqualTo(unknownRelease.replace("2001-01-01_00:00:00", "UVC"));
        as(ADMIN).get("/api/v1/profiles/guarded/pins").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void readOnlyPartnersCannotPinAndBadInputIsAProblem() {
        String mac = "901b0e5a0031";
        created(ADMIN, profile("checked", Map.of("A", "1")));
        String uvc = published(ADMIN, "checked");
        device(mac, "pin-acme", "checked");

        as(READER).body(Map.of("uvc", uvc)).put("/api/v1/profiles/checked/pins/" + mac).then().statusCode(403);
        as(READER).delete("/api/v1/profiles/checked/pins/" + mac).then().statusCode(403);
        as(ADMIN).body(Map.of("uvc", uvc)).put("/api/v1/profiles/checked/pins/not-a-mac").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_mac"))
                .body("errors[0].field", equalTo("mac"));
        as(ADMIN).body(Map.of()).put("/api/v1/profiles/checked/pins/" + mac).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("uvc"));
        as(ADMIN).queryParam("size", 0).get("/api/v1/profiles/checked/pins").then().statusCode(400)
                .contentType("application/problem+json");
        as(ADMIN).get("/api/v1/profiles/checked/pins").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void pinsAreListedAPageAtATimeByMac() {
        created(ADMIN, profile("paged", Map.of("A", "1")));
        String uvc = published(ADMIN, "paged");
        for (String mac : new String[]{"901b0e5a0043", "901b0e5a0041", "901b0e5a0042"}) {
            device(mac, "pin-acme", "paged");
            as(ADMIN).body(Map.of("uvc", uvc)).put("/api/v1/profiles/paged/pins/" + mac).then().statusCode(201);
        }
        as(READER).queryParam("page", 1).queryParam("size", 2).get("/api/v1/profiles/paged/pins").then()
                .statusCode(200).body("total", equalTo(3)).body("page", equalTo(1)).body("size", equalTo(2))
                .body("items.mac", contains("901b0e5a0043"));
        as(TestTokens.operator()).queryParam("tenant", "pin-acme").queryParam("size", 2)
                .get("/api/v1/profiles/paged/pins").then().statusCode(200)
                .body("items.mac", contains("901b0e5a0041", "901b0e5a0042"));
    }

    /** The UVC {@code nvm/updates.xml} names for the device. */
    static String updatesUvc(String mac) throws Exception {
        byte[] body = RestAssured.given().get("/prov/" + mac + "/nvm/updates.xml").then().statusCode(200)
                .extract().asByteArray();
        return ((Element) StrictXml.parse(body).getElementsByTagName("file").item(0)).getAttribute("version");
    }

    /** The parameters of the release with {@code uvc} for the device (step 3). */
    static Map<String, String> settings(String mac, String uvc) throws Exception {
        byte[] body = RestAssured.given().get("/prov/" + mac + "/nvm/" + uvc + "/settings.xml").then().statusCode(200)
                .extract().asByteArray();
        NodeList params = StrictXml.parse(body).getElementsByTagName("param");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < params.getLength(); i++) {
            Element param = (Element) params.item(i);
            values.put(param.getAttribute("name"), param.getAttribute("value"));
        }
        return values;
    }
}
