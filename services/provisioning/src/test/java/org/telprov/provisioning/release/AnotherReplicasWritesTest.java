package org.telprov.provisioning.release;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.FirmwareChannels;
import org.telprov.provisioning.auth.DeviceAuthService;
import org.telprov.provisioning.auth.DeviceAuthSettings;
import org.telprov.provisioning.firmware.FirmwareChannelLookup;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/**
 * Writes another replica made (simulated: rows and their version written with plain SQL, nothing this replica's
 * services learn of) reach this replica's memory through its poll.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class AnotherReplicasWritesTest {

    private static final String TENANT = "poll-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @Inject
    EntityManager entityManager;

    @Inject
    DeviceReleases releases;

    @Inject
    DeviceAuthService deviceAuth;

    @Inject
    FirmwareChannelLookup channels;

    @Test
    void aPublishAWideningAndADeletionThroughAnotherReplicaAreServedHere() {
        String mac = "0f0000000001";
        created(ADMIN, profile("polled", Map.of("A", "1")));
        String first = published(ADMIN, "polled");
        device(mac, TENANT, "polled");
        assertThat(currentUvc(mac)).contains(first);

        // another replica publishes a staged release for a label the device lacks: it keeps the first
        String staged = "2030-01-01_00:00:00";
        sql("""
                insert into release (id, profile_id, tenant_id, uvc, content, created_at, created_by, audience_label)
                select ?1, id, tenant_id, ?2, content, now(), 'another replica', 'nobody' from profile
                where tenant_id = ?3 and name = 'polled'""", UUID.randomUUID(), staged, TENANT);
        bump("polled");
        await().atMost(GENEROUS).until(() -> releases.release(mac, staged).isPresent());
        assertThat(currentUvc(mac)).contains(first);

        // ... and widens it to all
        sql("update release set audience_label = null where uvc = ?1 and tenant_id = ?2", staged, TENANT);
        bump("polled");
        await().atMost(GENEROUS).until(() -> currentUvc(mac).equals(Optional.of(staged)));

        sql("delete from profile where tenant_id = ?1 and name = 'polled'", TENANT);
        await().atMost(GENEROUS).until(() -> releases.resolve(mac, null).isEmpty());
    }

    @Test
    void aDeviceAuthSettingChangedThroughAnotherReplicaIsUsedHere() {
        String tenant = "poll-auth-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(deviceAuth.current(tenant)).isEqualTo(DeviceAuthSettings.DEFAULT);
        sql("""
                insert into device_auth (tenant_id, mode, public_files, algorithms, updated_at, updated_by)
                values (?1, 'off', '[]', '["SHA-256"]', now(), 'another replica')""", tenant);
        await().atMost(GENEROUS).until(() -> deviceAuth.current(tenant).mode().equals("off"));

        sql("""
                update device_auth set mode = 'digest', version = nextval('routing_version')
                where tenant_id = ?1""", tenant);
        await().atMost(GENEROUS).until(() -> deviceAuth.current(tenant).mode().equals("digest"));
    }

    @Test
    void aFirmwareChannelMovedThroughAnotherReplicaIsResolvedHere() {
        String tenant = "poll-fw-" + UUID.randomUUID().toString().substring(0, 8);
        String key = FirmwareChannels.productKey(tenant, "gigaset-maxwell", "mx3b");
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        sql("insert into firmware_product (product_key, channels, version) values (?1, ?2, 1)", key,
                "{\"stable\":{\"artifactId\":\"" + before + "\"}}");
        await().atMost(GENEROUS).until(() -> artifact(tenant).equals(Optional.of(before)));

        sql("update firmware_product set channels = ?2, version = 2 where product_key = ?1", key,
                "{\"stable\":{\"artifactId\":\"" + after + "\"}}");
        await().atMost(GENEROUS).until(() -> artifact(tenant).equals(Optional.of(after)));
    }

    private Optional<String> artifact(String tenant) {
        return channels.resolve(tenant, "gigaset-maxwell", "mx3b", "stable").map(ref -> ref.artifactId());
    }

    private Optional<String> currentUvc(String mac) {
        return releases.resolve(mac, null).map(release -> release.device().uvc());
    }

    private void bump(String profile) {
        sql("update profile set routing_version = nextval('routing_version') where tenant_id = ?1 and name = ?2",
                TENANT, profile);
    }

    private void sql(String statement, Object... parameters) {
        QuarkusTransaction.requiringNew().run(() -> {
            var query = entityManager.createNativeQuery(statement);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            query.executeUpdate();
        });
    }
}
