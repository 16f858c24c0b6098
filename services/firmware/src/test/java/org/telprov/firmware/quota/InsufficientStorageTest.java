package org.telprov.firmware.quota;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.firmware.Firmware.blob;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.sha256;
import static org.telprov.firmware.Firmware.storedFiles;
import static org.telprov.firmware.Firmware.upload;

/** A volume without room (here: a reserve larger than any disk) refuses uploads with 507, whatever the quotas say. */
@QuarkusTest
@TestProfile(InsufficientStorageTest.NoRoom.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class InsufficientStorageTest {

    public static class NoRoom implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("telprov.firmware.store.reserve", "1024P");
        }
    }

    @Test
    void aFullVolumeAnswersInsufficientStorageAndKeepsNothing() {
        byte[] image = randomBytes(4096, 50);
        upload(TestTokens.partnerAdmin("full-acme"), "gigaset-maxwell", "mx-full", "1.0", image, Map.of())
                .then().statusCode(507).contentType("application/problem+json")
                .body("code", equalTo("insufficient_storage"));
        assertThat(blob(sha256(image))).doesNotExist();
        assertThat(storedFiles()).noneMatch(file -> file.startsWith("incoming"));
    }
}
