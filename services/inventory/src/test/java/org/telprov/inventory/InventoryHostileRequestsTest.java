package org.telprov.inventory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.telprov.testing.HostileRequestsTest;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

/** Every operation of the inventory service, and its device paths, against hostile input. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class InventoryHostileRequestsTest extends HostileRequestsTest {
}
