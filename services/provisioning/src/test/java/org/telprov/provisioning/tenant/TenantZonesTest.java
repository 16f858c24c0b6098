package org.telprov.provisioning.tenant;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MalformedEventException;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each tenant's time zone comes from inventory's tenant events, applied once and never over a newer version. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TenantZonesTest {

    @Inject
    TenantZoneProjection projection;
    @Inject
    TenantZones zones;

    @Test
    void aTenantIsInTheZoneOfItsNewestEventAndInUtcBeforeAny() {
        assertThat(zones.zoneOf("zone-newest")).isEqualTo(ZoneId.of("UTC"));

        assertThat(projection.apply(event("zone-newest", 1, "Europe/Berlin"))).isEqualTo("applied");
        assertThat(projection.apply(event("zone-newest", 3, "Asia/Tokyo"))).isEqualTo("applied");
        // a snapshot older than the stored one, arriving late, changes nothing
        assertThat(projection.apply(event("zone-newest", 2, "America/New_York"))).isEqualTo("stale");

        assertThat(zones.zoneOf("zone-newest")).isEqualTo(ZoneId.of("Asia/Tokyo"));
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        EventEnvelope event = event("zone-again", 1, "Europe/Lisbon");

        assertThat(projection.apply(event)).isEqualTo("applied");
        assertThat(projection.apply(event)).isEqualTo("duplicate");
        assertThat(zones.zoneOf("zone-again")).isEqualTo(ZoneId.of("Europe/Lisbon"));
    }

    @Test
    void anEventOlderThanTheFieldPutsTheTenantInUtc() {
        projection.apply(event("zone-older", 1, "Europe/Berlin"));
        EventEnvelope older = TenantSnapshot.UPDATED.envelope(new TenantSnapshot("zone-older", "Older",
                "https://p.example/{mac}", TenantSnapshot.ACTIVE, 2, null, null), Instant.now());

        assertThat(projection.apply(older)).isEqualTo("applied");
        assertThat(zones.zoneOf("zone-older")).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void anEventNamingAZoneThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> projection.apply(event("zone-mars", 1, "Mars/Olympus_Mons")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("Mars/Olympus_Mons");
        assertThat(zones.zoneOf("zone-mars")).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void inventorysTenantEventsReachTheZonesAndAnUnreadableOneIsDeadLettered() {
        send(event("zone-kafka-bad", 1, "+01:00"));
        send(event("zone-kafka", 1, "Australia/Sydney"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> zones.zoneOf("zone-kafka").equals(ZoneId.of("Australia/Sydney")));
        EventEnvelope deadLettered = EventCodec.fromJson(TopicProbe.await(KafkaResource.bootstrapServers(),
                "provisioning-dlq", r -> "zone-kafka-bad".equals(r.key()), Duration.ofSeconds(30)).value());
        assertThat(TenantSnapshot.from(deadLettered).timeZone()).isEqualTo("+01:00");
    }

    private static EventEnvelope event(String tenant, long version, String zone) {
        return TenantSnapshot.UPDATED.envelope(new TenantSnapshot(tenant, tenant, "https://p.example/{mac}",
                TenantSnapshot.ACTIVE, version, TenantSnapshot.REDIRECT_AUTH_NONE, zone), Instant.now());
    }

    private static void send(EventEnvelope event) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.INVENTORY_TENANTS, event.aggregateId(),
                EventCodec.toJson(event));
    }
}
