package org.telprov.firmware;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.telprov.firmware.artifact.ArtifactUpload;
import org.telprov.support.problem.Inputs;
import org.telprov.testing.ColumnWidthsTest;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.Map;
import java.util.Set;

/** What firmware's uploads and channel moves may send fits its columns. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class FirmwareColumnWidthsTest extends ColumnWidthsTest {

    @Override
    protected Map<String, Integer> requestLimits() {
        int vendor = patternLimit(Inputs.VENDOR);
        int product = patternLimit(Inputs.MODEL);
        return Map.ofEntries(
                Map.entry("artifact.vendor", vendor),
                Map.entry("artifact.product", product),
                Map.entry("artifact.version", patternLimit(Inputs.VERSION)),
                Map.entry("artifact.oem_name", ArtifactUpload.OEM_NAME_LENGTH),
                Map.entry("artifact.release_notes", ArtifactUpload.RELEASE_NOTES_LENGTH),
                Map.entry("artifact.sha256", patternLimit(ArtifactUpload.SHA256)),
                Map.entry("artifact.md5", patternLimit(ArtifactUpload.MD5)),
                Map.entry("product.vendor", vendor),
                Map.entry("product.product", product),
                Map.entry("channel.vendor", vendor),
                Map.entry("channel.product", product),
                Map.entry("channel.name", patternLimit(Inputs.CHANNEL)),
                Map.entry("artifact.scope", patternLimit(Inputs.TENANT_ID)),
                Map.entry("product.scope", patternLimit(Inputs.TENANT_ID)),
                Map.entry("channel.scope", patternLimit(Inputs.TENANT_ID)),
                Map.entry("scope_quota.scope", patternLimit(Inputs.TENANT_ID)));
    }

    @Override
    protected Set<String> notFromRequests() {
        return Set.of("artifact.created_by", "scope_quota.updated_by", "outbox_event.topic", "outbox_event.message_key",
                "outbox_event.event_type", "outbox_event.envelope", "outbox_event.last_error",
                "outbox_event.traceparent", "outbox_event.tracestate", "processed_event.consumer");
    }
}
