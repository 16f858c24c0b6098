package org.telprov.redirect;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.telprov.support.problem.Inputs;
import org.telprov.testing.ColumnWidthsTest;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;

import java.util.Map;
import java.util.Set;

/** What inventory's tenant and device events carry (held to the shared rules of {@link Inputs}) fits redirect's columns. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class RedirectColumnWidthsTest extends ColumnWidthsTest {

    @Override
    protected Map<String, Integer> requestLimits() {
        int tenantId = patternLimit(Inputs.TENANT_ID);
        return Map.ofEntries(
                Map.entry("tenant_route.tenant_id", tenantId),
                Map.entry("tenant_route.url_template", Inputs.URL_TEMPLATE_LENGTH),
                Map.entry("device_route.tenant_id", tenantId),
                Map.entry("device_route.vendor", patternLimit(Inputs.VENDOR)),
                Map.entry("device_route.model", patternLimit(Inputs.MODEL)),
                Map.entry("device_route.serial", patternLimit(Inputs.NAME)));
    }

    @Override
    protected Set<String> notFromRequests() {
        return Set.of("outbox_event.topic", "outbox_event.message_key", "outbox_event.event_type",
                "outbox_event.envelope", "outbox_event.last_error",
                "outbox_event.traceparent", "outbox_event.tracestate", "processed_event.consumer");
    }
}
