package org.telprov.provisioning;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.telprov.provisioning.profile.ProfileRequest;
import org.telprov.provisioning.rollout.RolloutRequest;
import org.telprov.support.problem.Inputs;
import org.telprov.testing.ColumnWidthsTest;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.Map;
import java.util.Set;

/**
 * What provisioning's requests may send, and what inventory's device events carry (held to the shared rules of
 * {@link Inputs} there), fits provisioning's columns.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ProvisioningColumnWidthsTest extends ColumnWidthsTest {

    /** Inventory's rule: up to 20 labels, stored joined by a separator. */
    private static final int LABELS = 20 * (patternLimit(Inputs.LABEL) + 1);

    @Override
    protected Map<String, Integer> requestLimits() {
        int tenantId = patternLimit(Inputs.TENANT_ID);
        return Map.ofEntries(
                Map.entry("device.tenant_id", tenantId),
                Map.entry("device.vendor", patternLimit(Inputs.VENDOR)),
                Map.entry("device.model", patternLimit(Inputs.MODEL)),
                Map.entry("device.serial", patternLimit(Inputs.NAME)),
                Map.entry("device.profile", patternLimit(Inputs.NAME)),
                Map.entry("device.labels", LABELS),
                Map.entry("profile.tenant_id", tenantId),
                Map.entry("profile.name", limit(ProfileRequest.class, "name")),
                Map.entry("release.tenant_id", tenantId),
                Map.entry("release.rolled_back_from", patternLimit(Inputs.UVC)),
                Map.entry("release.audience_label", patternLimit(Inputs.LABEL)),
                Map.entry("device_auth.tenant_id", tenantId),
                Map.entry("release_pin.tenant_id", tenantId),
                Map.entry("device_credentials.tenant_id", tenantId),
                Map.entry("firmware_artifact.scope", tenantId),
                // the firmware service's upload rules, which its events carry
                Map.entry("firmware_artifact.vendor", patternLimit(Inputs.VENDOR)),
                Map.entry("firmware_artifact.product", patternLimit(Inputs.MODEL)),
                Map.entry("firmware_artifact.version", patternLimit(Inputs.VERSION)),
                Map.entry("device_settings.tenant_id", tenantId),
                // a check-in's tenant, written only when it is the tenant of the device's row
                Map.entry("device_seen.tenant_id", tenantId),
                Map.entry("group_settings.tenant_id", tenantId),
                Map.entry("group_settings.label", patternLimit(Inputs.LABEL)),
                Map.entry("rollout.tenant_id", tenantId),
                Map.entry("rollout_policy.tenant_id", tenantId),
                Map.entry("rollout.profile", limit(RolloutRequest.class, "profile")),
                Map.entry("rollout.release_uvc", limit(RolloutRequest.class, "uvc")),
                Map.entry("rollout.vendor", patternLimit(Inputs.VENDOR)),
                Map.entry("rollout.product", patternLimit(Inputs.MODEL)),
                Map.entry("rollout.channel", patternLimit(Inputs.CHANNEL)),
                Map.entry("rollout.firmware_version", patternLimit(Inputs.VERSION)),
                Map.entry("rollout.window_zone", limit(RolloutRequest.WindowRequest.class, "zone")),
                // profile:<tenant>/<profile> or channel:<scope>/<vendor>/<product>/<channel>
                Map.entry("rollout.target_key", Math.max("profile:".length() + tenantId + 1
                                + patternLimit(Inputs.NAME), "channel:".length() + tenantId + 1
                                + patternLimit(Inputs.VENDOR) + 1 + patternLimit(Inputs.MODEL) + 1
                                + patternLimit(Inputs.CHANNEL))),
                Map.entry("rollout_group.name", limit(RolloutRequest.GroupRequest.class, "name")),
                Map.entry("rollout_group.label", limit(RolloutRequest.GroupRequest.class, "label")));
    }

    @Override
    protected Set<String> notFromRequests() {
        return Set.of("device.mac", "profile.content", "release.uvc", "release.content", "release.created_by",
                "firmware_product.product_key", "firmware_product.channels", "device_auth.mode",
                "device_auth.public_files", "device_auth.algorithms", "device_auth.tftp_dialects",
                "device_auth.updated_by", "release_pin.mac", "device_credentials.mac",
                "release_pin.pinned_by", "device_settings.mac", "device_seen.mac",
                "outbox_event.topic", "outbox_event.message_key", "outbox_event.event_type", "outbox_event.envelope",
                "outbox_event.last_error",
                "outbox_event.traceparent", "outbox_event.tracestate", "processed_event.consumer",
                "rollout.created_by", "rollout.approved_by", "rollout.kind", "rollout.status", "rollout.success_action",
                "rollout_group.status", "rollout_group.success_action", "rollout_device.dialect",
                "rollout_device.state", "rollout_device.reason", "rollout_device.previous_version",
                "rollout_policy.updated_by");
    }
}
