package org.telprov.firmware.channel;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.FirmwareChannels;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.firmware.Firmware.as;
import static org.telprov.firmware.Firmware.blob;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.sha256;
import static org.telprov.firmware.Firmware.uploaded;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ChannelTest {

    private static final String CHANNELS = "/api/v1/firmware/products/gigaset-maxwell/mx-chan/channels/";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void movingAChannelPublishesAllChannelsOfTheProduct() {
        String admin = TestTokens.partnerAdmin("acme");
        String v1 = uploaded(admin, "gigaset-maxwell", "mx-chan", "1.0", randomBytes(1000, 40));
        String v2 = uploaded(admin, "gigaset-maxwell", "mx-chan", "2.0", randomBytes(1000, 41));

        as(admin).body(Map.of("artifactId", v1)).put(CHANNELS + "stable")
                .then().statusCode(200).body("name", equalTo("stable"), "artifactId", equalTo(v1), "version", equalTo("1.0"));

        String key = FirmwareChannels.productKey("acme", "gigaset-maxwell", "mx-chan");
        EventEnvelope event = EventCodec.fromJson(TopicProbe.await(bootstrapServers, Topics.FIRMWARE_ARTIFACTS,
                r -> key.equals(r.key()) && r.value().contains("\"moved\":\"stable\""), Duration.ofSeconds(30)).value());
        assertThat(event.type()).isEqualTo(FirmwareChannels.UPDATED.type());
        FirmwareChannels channels = EventCodec.payload(event, FirmwareChannels.class);
        assertThat(channels.channels()).containsOnlyKeys("latest", "stable");
        assertThat(channels.channels().get("stable").artifactId()).isEqualTo(v1);
        assertThat(channels.channels().get("latest").artifactId()).isEqualTo(v2);
        assertThat(channels.version()).isEqualTo(3); // latest twice, then stable

        as(TestTokens.partner("acme", "partner")).get(CHANNELS)
                .then().statusCode(200).body("find { it.name == 'stable' }.version", equalTo("1.0"));
    }

    @Test
    void anArtifactAChannelPointsAtCannotBeDeleted() {
        String admin = TestTokens.partnerAdmin("acme");
        byte[] oldImage = randomBytes(1000, 42);
        String old = uploaded(admin, "gigaset-maxwell", "mx-del", "1.0", oldImage);
        String current = uploaded(admin, "gigaset-maxwell", "mx-del", "2.0", randomBytes(1000, 43));
        String channels = "/api/v1/firmware/products/gigaset-maxwell/mx-del/channels/";
        as(admin).body(Map.of("artifactId", old)).put(channels + "stable").then().statusCode(200);

        as(admin).delete("/api/v1/firmware/artifacts/" + old)
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("artifact_in_use"));
        as(admin).delete("/api/v1/firmware/artifacts/" + current).then().statusCode(409); // 'latest'

        as(admin).body(Map.of("artifactId", current)).put(channels + "stable").then().statusCode(200);
        as(admin).delete("/api/v1/firmware/artifacts/" + old).then().statusCode(204);
        as(admin).get("/api/v1/firmware/artifacts/" + old).then().statusCode(404);
        assertThat(blob(sha256(oldImage))).doesNotExist();
    }

    @Test
    void aChannelPointsOnlyAtItsOwnProduct() {
        String admin = TestTokens.partnerAdmin("acme");
        String other = uploaded(admin, "gigaset-maxwell", "mx-other", "1.0", randomBytes(1000, 44));
        as(admin).body(Map.of("artifactId", other)).put(CHANNELS + "beta")
                .then().statusCode(409).body("code", equalTo("product_mismatch"));
        as(admin).body(Map.of("artifactId", other)).put(CHANNELS + "Bad/Name")
                .then().statusCode(404);
        as(admin).body(Map.of("artifactId", other)).put(CHANNELS + "BETA")
                .then().statusCode(400).body("errors[0].field", equalTo("channel"));
        as(admin).body(Map.of("artifactId", "not-a-uuid")).put(CHANNELS + "beta").then().statusCode(404);
    }
}
