package org.telprov.provisioning.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.secret;

/**
 * What devices hold is remembered per replica only where another replica's newer write cannot hurt: a device that
 * never authenticated is always read from the database, a refusal looks at the database once, writes reach both.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class HeldCredentialsMemoryTest {

    private static final String TENANT = "held-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);

    @Inject
    DeviceCredentialStore store;

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    @Test
    void anAuthenticatedDeviceIsAnsweredFromMemoryAndConfirmedFromTheDatabase() {
        String mac = "0c0000000001";
        UUID first = release("held-1");
        UUID second = release("held-2");
        store.authenticated(mac, TENANT, first);
        assertThat(store.held(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(first, null));
        assertThat(store.held(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(first, null));

        elsewhere("update device_credentials set authenticated_release = ?2 where mac = ?1", mac, second);

        assertThat(store.held(mac, TENANT).authenticated()).isEqualTo(first);
        assertThat(store.confirmed(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(second, null));
        assertThat(store.held(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(second, null));
    }

    @Test
    void aDeviceThatNeverAuthenticatedIsReadFromTheDatabaseEveryTime() {
        String mac = "0c0000000002";
        UUID first = release("held-3");
        store.handed(mac, TENANT, first);
        assertThat(store.held(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(null, first));

        // another replica let it in with them: no first stage here any more
        elsewhere("update device_credentials set authenticated_release = ?2 where mac = ?1", mac, first);

        assertThat(store.held(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(first, first));
    }

    @Test
    void writesReachTheDatabaseAndTheMemory() {
        String mac = "0c0000000003";
        UUID first = release("held-4");
        UUID second = release("held-5");
        store.authenticated(mac, TENANT, first);
        assertThat(store.held(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(first, null));

        store.handed(mac, TENANT, second);
        assertThat(store.held(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(first, second));
        assertThat(store.confirmed(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(first, second));

        store.authenticated(mac, "held-other", second);
        assertThat(store.held(mac, TENANT)).isEqualTo(new DeviceCredentialStore.Held(null, null));
        assertThat(store.held(mac, "held-other")).isEqualTo(new DeviceCredentialStore.Held(second, null));

        assertThat(store.forget(mac, "held-other")).isTrue();
        assertThat(store.held(mac, "held-other")).isEqualTo(new DeviceCredentialStore.Held(null, null));
    }

    @Test
    void theRememberedDevicesAreCounted() {
        store.authenticated("0c0000000006", TENANT, release("held-6"));
        assertThat(registry.find("telprov.provisioning.device.auth.remembered").gauge().value())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void credentialsADeviceGotThroughAnotherReplicaOpenItsFilesHere() {
        String mac = "0c0000000004";
        Map<String, Object> body = credentials("rotated", "first", "first-pass");
        created(ADMIN, body);
        String first = published(ADMIN, "rotated");
        device(mac, TENANT, "rotated");
        RestAssured.given().get("/prov/" + mac + "/nvm/" + first + "/credentials.xml").then().statusCode(200);
        answered(settings(mac, first), "first", "first-pass").then().statusCode(200);
        // read from the database once more, and from then on remembered as authenticated with the first release
        answered(settings(mac, first), "first", "first-pass").then().statusCode(200);

        as(ADMIN).body(credentials("rotated", "second", "second-pass")).put("/api/v1/profiles/rotated")
                .then().statusCode(200);
        String second = published(ADMIN, "rotated");
        // another replica handed the device the second release's credentials and saw it use them
        elsewhere("""
                update device_credentials set authenticated_release = r.id, handed_release = r.id
                from release r where r.uvc = ?2 and r.tenant_id = 'held-acme' and device_credentials.mac = ?1""",
                mac, second);

        answered(settings(mac, second), "second", "second-pass").then().statusCode(200)
                .body(containsString("<"));
        answered(settings(mac, second), "first", "first-pass").then().statusCode(401);
    }

    @Test
    void aRememberedDeviceIsLetInFromMemoryAndAReplayIsStillRefused() {
        String mac = "0c0000000005";
        created(ADMIN, credentials("remembered", "phone", "phone-pass"));
        String uvc = published(ADMIN, "remembered");
        device(mac, TENANT, "remembered");
        RestAssured.given().get("/prov/" + mac + "/nvm/" + uvc + "/credentials.xml").then().statusCode(200);
        // the first answer records the authentication (a write, on a worker); from then on the device is remembered
        answered(settings(mac, uvc), "phone", "phone-pass").then().statusCode(200);
        double before = onWorker();

        String header = authorization(settings(mac, uvc), "phone", "phone-pass");
        RestAssured.given().urlEncodingEnabled(false).header("Authorization", header).get(settings(mac, uvc))
                .then().statusCode(200);
        answered(settings(mac, uvc), "phone", "phone-pass").then().statusCode(200);
        assertThat(onWorker()).isEqualTo(before);

        // the same nonce count again: refused from memory too
        RestAssured.given().urlEncodingEnabled(false).header("Authorization", header).get(settings(mac, uvc))
                .then().statusCode(401);
        assertThat(onWorker()).isEqualTo(before);
        // a wrong password is looked at once more in the database, on a worker, and refused
        answered(settings(mac, uvc), "phone", "not-the-pass").then().statusCode(401);
        assertThat(onWorker()).isGreaterThan(before);
    }

    private double onWorker() {
        return registry.find("telprov.provisioning.files.on.worker").counter().count();
    }

    private static Map<String, Object> credentials(String name, String user, String password) {
        Map<String, Object> body = profile(name, Map.of());
        body.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", user), secret(DeviceFileGuard.PASSWORD, password)));
        return body;
    }

    private static String settings(String mac, String uvc) {
        return "/prov/" + mac + "/nvm/" + uvc + "/settings.xml";
    }

    /** A release of a profile of its own, published through the API: device_credentials refers to releases. */
    private UUID release(String name) {
        created(ADMIN, profile(name, Map.of("A", "1")));
        String uvc = published(ADMIN, name);
        return QuarkusTransaction.requiringNew().call(() -> (UUID) entityManager.createNativeQuery("""
                        select r.id from release r join profile p on p.id = r.profile_id
                        where p.tenant_id = ?1 and p.name = ?2 and r.uvc = ?3""")
                .setParameter(1, TENANT).setParameter(2, name).setParameter(3, uvc).getSingleResult());
    }

    /** A write of another replica: the database only. */
    private void elsewhere(String statement, Object... parameters) {
        QuarkusTransaction.requiringNew().run(() -> {
            var query = entityManager.createNativeQuery(statement);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            query.executeUpdate();
        });
    }

    /** A request answering a fresh challenge with the credentials, as a device does. */
    private static Response answered(String path, String user, String password) {
        return RestAssured.given().urlEncodingEnabled(false).header("Authorization", authorization(path, user, password))
                .get(path);
    }

    /** The Authorization header that answers a fresh challenge for the path with the credentials. */
    private static String authorization(String path, String user, String password) {
        Response refused = RestAssured.given().urlEncodingEnabled(false).get(path);
        assertThat(refused.statusCode()).isEqualTo(401);
        Map<String, String> challenge = refused.headers().getValues("WWW-Authenticate").stream()
                .map(c -> Digest.credentials(c).orElseThrow())
                .filter(c -> c.get("algorithm").equals(Digest.Algorithm.SHA_256.token()))
                .findFirst().orElseThrow();
        String nc = "00000001";
        String cnonce = "0a4f113b" + nc;
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        String response = Digest.response(Digest.Algorithm.SHA_256, user, realm, password, "GET", path, nonce, nc,
                cnonce);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", uri=\"" + path + "\", algorithm="
                + Digest.Algorithm.SHA_256.token() + ", nonce=\"" + nonce + "\", nc=" + nc + ", cnonce=\"" + cnonce
                + "\", qop=auth, response=\"" + response + "\"";
    }
}
