package org.telprov.provisioning.file;

import io.restassured.RestAssured;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.provisioning.Provisioning;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.TopicProbe;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;

/** What the device-file tests of every dialect check the same way. */
final class DeviceFileChecks {

    private DeviceFileChecks() {
    }

    /** Waits for the device's check-in naming the file among the files of its boot and returns it. */
    static DeviceCheckin checkin(String mac, String file) {
        EventEnvelope event = EventCodec.fromJson(TopicProbe.await(KafkaResource.bootstrapServers(),
                Topics.DEVICE_CHECKINS, r -> mac.equals(r.key()) && EventCodec.payload(EventCodec.fromJson(r.value()),
                        DeviceCheckin.class).files().contains(file), Duration.ofSeconds(30)).value());
        assertThat(event.type()).isEqualTo(DeviceCheckin.FETCHED.type());
        return EventCodec.payload(event, DeviceCheckin.class);
    }

    /** Each path is the same empty 404 an unknown MAC gets. */
    static void emptyNotFound(String... paths) {
        for (String path : paths) {
            RestAssured.given().redirects().follow(false).get(path).then().statusCode(404).body(emptyString());
        }
    }

    /** A golden file with its {@code ${name}} placeholders replaced. */
    static String golden(String name, Map<String, String> values) {
        String text = Provisioning.resource(name);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        return text;
    }

    /** Registers a device of the vendor and model, as inventory would, and waits for the read model. */
    static void device(String mac, String tenant, String vendor, String model, String profile) {
        Provisioning.send(DeviceSnapshot.REGISTERED.envelope(new DeviceSnapshot(mac, tenant, vendor, model, null,
                profile, List.of(), 1), Instant.now()));
        Provisioning.awaitDeviceVersion(mac, 1);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return query;
    }
}
