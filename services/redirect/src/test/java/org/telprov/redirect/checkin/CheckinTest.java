package org.telprov.redirect.checkin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.redirect.Redirect.device;
import static org.telprov.redirect.Redirect.registered;
import static org.telprov.redirect.Redirect.tenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class CheckinTest {

    @Test
    void anAnsweredLookupPublishesDeviceRedirectedKeyedByMac() {
        registered(tenant(TenantSnapshot.CREATED, "checkin-acme", "https://p.acme.example/{mac}", "active", 1),
                device(DeviceSnapshot.REGISTERED, "0d0000000001", "checkin-acme", "S", 1));
        Instant before = Instant.now();

        RestAssured.given().redirects().follow(false)
                .header("User-Agent", "Yealink SIP-T46S 66.86.0.15 0d:00:00:00:00:01")
                .header("X-Forwarded-For", "203.0.113.5")
                .get("/device").then().statusCode(302);

        ConsumerRecord<String, String> record = TopicProbe.await(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS,
                r -> "0d0000000001".equals(r.key()) && r.value().contains("203.0.113.5"), Duration.ofSeconds(30));
        EventEnvelope envelope = EventCodec.fromJson(record.value());
        assertThat(envelope.type()).isEqualTo(DeviceCheckin.REDIRECTED.type());
        assertThat(envelope.aggregateId()).isEqualTo("0d0000000001");
        assertThat(envelope.tenantId()).isEqualTo("checkin-acme");
        DeviceCheckin checkin = EventCodec.payload(envelope, DeviceCheckin.class);
        assertThat(checkin.service()).isEqualTo("redirect");
        assertThat(checkin.mac()).isEqualTo("0d0000000001");
        assertThat(checkin.tenantId()).isEqualTo("checkin-acme");
        assertThat(checkin.sourceIp()).isEqualTo("203.0.113.5");
        assertThat(checkin.userAgent()).isEqualTo("Yealink SIP-T46S 66.86.0.15 0d:00:00:00:00:01");
        assertThat(checkin.at()).isAfterOrEqualTo(before.minusSeconds(1));
    }
}
