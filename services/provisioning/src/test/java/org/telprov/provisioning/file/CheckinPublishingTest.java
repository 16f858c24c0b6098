package org.telprov.provisioning.file;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.provisioning.SharedTestProfile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;

/**
 * The files a device fetches in one boot reach {@code device-checkins} as one check-in. A window of an hour and room
 * for one pending device ({@link SharedTestProfile}) make the test's own clock irrelevant: the boot's check-in goes
 * when another device comes.
 */
@QuarkusTest
@TestProfile(SharedTestProfile.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class CheckinPublishingTest {

    private static final String ADMIN = TestTokens.partnerAdmin("ck-acme");
    private static final String MAC = "901b0e56c7e1";
    private static final String NEXT_MAC = "901b0e56c7e2";

    @Inject
    MeterRegistry registry;

    @Test
    void theFilesOfOneBootReachTheTopicAsOneCheckinNamingThemInOrderWithTheUvc() {
        withoutDeviceAuth(ADMIN);
        created(ADMIN, profile("boot", Map.of("A", "1")));
        String uvc = published(ADMIN, "boot");
        device(MAC, "ck-acme", "boot");
        device(NEXT_MAC, "ck-acme", "boot");

        for (String file : List.of("provisioning.xml", "nvm/updates.xml", "nvm/" + uvc + "/settings.xml",
                "provisioning.xml")) {
            RestAssured.given().header("User-Agent", "Maxwell 3B/2.58").get("/prov/" + MAC + "/" + file)
                    .then().statusCode(200);
        }
        RestAssured.given().get("/prov/" + NEXT_MAC + "/provisioning.xml").then().statusCode(200);

        TopicProbe.await(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, r -> MAC.equals(r.key()),
                Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> events = TopicProbe.matching(KafkaResource.bootstrapServers(),
                Topics.DEVICE_CHECKINS, r -> MAC.equals(r.key()), Duration.ofSeconds(2));
        assertThat(events).hasSize(1);
        EventEnvelope event = EventCodec.fromJson(events.get(0).value());
        assertThat(event.type()).isEqualTo(DeviceCheckin.FETCHED.type());
        assertThat(event.aggregateId()).isEqualTo(MAC);
        DeviceCheckin checkin = EventCodec.payload(event, DeviceCheckin.class);
        assertThat(checkin.files()).containsExactly("provisioning.xml", "nvm/updates.xml", "nvm/settings.xml");
        assertThat(checkin.file()).isEqualTo("provisioning.xml");
        assertThat(checkin.uvc()).isEqualTo(uvc);
        assertThat(checkin.tenantId()).isEqualTo("ck-acme");
        assertThat(checkin.service()).isEqualTo("provisioning");
        assertThat(checkin.userAgent()).isEqualTo("Maxwell 3B/2.58");
        assertThat(checkin.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(registry.find("telprov.provisioning.checkins.sent").counter().count()).isGreaterThanOrEqualTo(1.0);
    }
}
