package org.telprov.firmware;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.telprov.testing.HostileRequestsTest;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;

/** Every operation of the firmware service, and its device paths, against hostile input. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class FirmwareHostileRequestsTest extends HostileRequestsTest {

    @Override
    protected List<String> devicePaths() {
        return List.of("/firmware/download/{id}?mac,tenant,expires,signature");
    }
}
