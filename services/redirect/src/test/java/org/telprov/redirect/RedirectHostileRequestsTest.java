package org.telprov.redirect;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.telprov.testing.HostileRequestsTest;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;

import java.util.List;

/** Every operation of the redirect service, and its device paths, against hostile input. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class RedirectHostileRequestsTest extends HostileRequestsTest {

    @Override
    protected List<String> devicePaths() {
        return List.of("/device/{mac}", "/device?mac", "/device/{file}.cfg");
    }
}
