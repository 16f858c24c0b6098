package org.telprov.firmware.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventKind;
import org.telprov.events.FirmwareChannels;
import org.telprov.events.RolloutSnapshot;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.firmware.Firmware.as;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.uploaded;

/**
 * A firmware rollout that finished moves its channel to its artifact, once; redelivery, other rollout events, release
 * rollouts, a channel moved since and rollouts naming what their tenant may not use change no channel.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class FinishedRolloutsTest {

    private static final String TENANT = "rf-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);
    private static final String VENDOR = "gigaset-maxwell";

    @Inject
    MeterRegistry registry;
    @Inject
    EntityManager entityManager;

    @Test
    void aFinishedFirmwareRolloutMovesItsChannelOnceAndRedeliveryChangesNothing() {
        String product = "mx-roll";
        String v1 = uploaded(ADMIN, VENDOR, product, "1.0", randomBytes(1000, 60));
        String v2 = uploaded(ADMIN, VENDOR, product, "2.0", randomBytes(1000, 61));
        moved(product, "stable", v1);
        EventEnvelope finished = rollout(RolloutSnapshot.FINISHED, TENANT, "firmware",
                target(TENANT, product, "stable"), v2, Instant.now());

        send(finished);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(channel(product, "stable"))
                .isEqualTo(v2));
        String key = FirmwareChannels.productKey(TENANT, VENDOR, product);
        TopicProbe.await(KafkaResource.bootstrapServers(), Topics.FIRMWARE_ARTIFACTS, r -> key.equals(r.key())
                && r.value().contains("\"moved\":\"stable\"") && r.value().contains("\"artifactId\":\"" + v2 + "\"")
                && !r.value().contains("\"artifactId\":\"" + v1 + "\""), Duration.ofSeconds(30));
        long version = channelVersion(product);

        double duplicates = count("duplicate");
        send(finished);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("duplicate") > duplicates);
        // the same rollout's finish under another event id (a replay of the compacted topic) finds the channel moved
        double unchanged = count("unchanged");
        send(rollout(RolloutSnapshot.FINISHED, TENANT, "firmware", target(TENANT, product, "stable"), v2,
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("unchanged") > unchanged);
        assertThat(channelVersion(product)).isEqualTo(version);
        assertThat(channel(product, "stable")).isEqualTo(v2);
    }

    @Test
    void otherRolloutEventsReleaseRolloutsAndAChannelMovedSinceChangeNothing() {
        String product = "mx-roll-other";
        String v1 = uploaded(ADMIN, VENDOR, product, "1.0", randomBytes(1000, 62));
        String v2 = uploaded(ADMIN, VENDOR, product, "2.0", randomBytes(1000, 63));
        Instant before = Instant.now().minusSeconds(60);
        moved(product, "stable", v1);
        long version = channelVersion(product);
        String target = target(TENANT, product, "stable");

        double ignored = count("ignored");
        for (EventKind<RolloutSnapshot> kind : List.of(RolloutSnapshot.STOPPED, RolloutSnapshot.CANCELLED,
                RolloutSnapshot.OVERTAKEN, RolloutSnapshot.GROUP_STARTED)) {
            send(rollout(kind, TENANT, "firmware", target, v2, Instant.now()));
        }
        send(rollout(RolloutSnapshot.FINISHED, TENANT, "release", "profile:" + TENANT + "/office",
                "2026-12-07_09:00:00", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("ignored") >= ignored + 5);

        // a rollout that finished before the channel was last moved: the person's later move stays
        double superseded = count("superseded");
        send(rollout(RolloutSnapshot.FINISHED, TENANT, "firmware", target, v2, before));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("superseded") > superseded);
        assertThat(channel(product, "stable")).isEqualTo(v1);
        assertThat(channelVersion(product)).isEqualTo(version);
    }

    @Test
    void aRolloutNamingAnotherTenantsChannelOrArtifactIsDeadLetteredAndMovesNothing() {
        String product = "mx-roll-iso";
        String v1 = uploaded(ADMIN, VENDOR, product, "1.0", randomBytes(1000, 64));
        String v2 = uploaded(ADMIN, VENDOR, product, "2.0", randomBytes(1000, 65));
        moved(product, "stable", v1);
        long version = channelVersion(product);

        // globex's rollout cannot bring acme's image, nor name acme's channel
        EventEnvelope othersArtifact = rollout(RolloutSnapshot.FINISHED, "rf-globex", "firmware",
                target("rf-globex", product, "stable"), v2, Instant.now());
        EventEnvelope othersChannel = rollout(RolloutSnapshot.FINISHED, "rf-globex", "firmware",
                target(TENANT, product, "stable"), v2, Instant.now());
        EventEnvelope unknownType = new EventEnvelope(UUID.randomUUID(), "rollout.exploded", 1,
                RolloutSnapshot.AGGREGATE, "rf-acme/x", TENANT, Instant.now(), othersArtifact.payload());
        for (EventEnvelope event : List.of(othersArtifact, othersChannel, unknownType)) {
            send(event);
            TopicProbe.await(KafkaResource.bootstrapServers(), "firmware-dlq",
                    r -> r.value().contains(event.id().toString()), Duration.ofSeconds(30));
        }
        assertThat(channel(product, "stable")).isEqualTo(v1);
        assertThat(channelVersion(product)).isEqualTo(version);
        as(TestTokens.partnerAdmin("rf-globex")).get("/api/v1/firmware/products/" + VENDOR + "/" + product
                + "/channels").then().statusCode(200).body("size()", equalTo(0));
    }

    // ---- helpers

    private static String target(String scope, String product, String channel) {
        return "channel:" + scope + "/" + VENDOR + "/" + product + "/" + channel;
    }

    private static EventEnvelope rollout(EventKind<RolloutSnapshot> kind, String tenant, String rolloutKind,
                                         String target, String version, Instant at) {
        RolloutSnapshot snapshot = new RolloutSnapshot(UUID.randomUUID().toString(), tenant, rolloutKind, target,
                version, kind.type().substring("rollout.".length()), 0, List.of(), List.of(), 7, at);
        return kind.envelope(snapshot, at);
    }

    private static void send(EventEnvelope event) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.PROVISIONING_ROLLOUTS, event.aggregateId(),
                EventCodec.toJson(event));
    }

    private static void moved(String product, String channel, String artifactId) {
        as(ADMIN).body(Map.of("artifactId", artifactId))
                .put("/api/v1/firmware/products/" + VENDOR + "/" + product + "/channels/" + channel)
                .then().statusCode(200);
    }

    private static String channel(String product, String channel) {
        return as(ADMIN).get("/api/v1/firmware/products/" + VENDOR + "/" + product + "/channels").then()
                .statusCode(200).extract().path("find { it.name == '" + channel + "' }.artifactId");
    }

    private long channelVersion(String product) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "select channel_version from product where scope = ?1 and vendor = ?2 and product = ?3")
                .setParameter(1, TENANT).setParameter(2, VENDOR).setParameter(3, product)
                .getSingleResult()).longValue());
    }

    private double count(String outcome) {
        return registry.find("telprov.firmware.rollout.events").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
