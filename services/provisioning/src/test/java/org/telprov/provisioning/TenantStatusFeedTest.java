package org.telprov.provisioning;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTenants;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;

/** The tenant statuses come from inventory's tenant events; one that cannot be read is dead-lettered, not a blockade. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TenantStatusFeedTest {

    @Test
    void anUnreadableTenantEventIsDeadLetteredAndLaterOnesAreStillApplied() {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.INVENTORY_TENANTS, "feed-poison", "{ not an event");
        assertThat(TopicProbe.await(KafkaResource.bootstrapServers(), "provisioning-dlq",
                r -> "feed-poison".equals(r.key()), Duration.ofSeconds(30)).value()).isEqualTo("{ not an event");

        String admin = TestTokens.partnerOfUnknownTenant("feed-later", "partner-admin");
        as(admin).get("/api/v1/profiles").then().statusCode(403).body("code", equalTo("unknown_tenant"));
        TestTenants.activate("feed-later");
        as(admin).get("/api/v1/profiles").then().statusCode(200);
    }

    @Test
    void theServiceIsReadyOnceTheTenantEventsAreReplayed() {
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'tenant-statuses' }.status", equalTo("UP"));
    }
}
