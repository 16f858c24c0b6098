package org.telprov.inventory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.telprov.events.DeviceCheckin;
import org.telprov.inventory.device.DeviceRequest;
import org.telprov.inventory.device.DeviceResource;
import org.telprov.inventory.tenant.TenantRequest;
import org.telprov.inventory.tenant.TenantUpdate;
import org.telprov.testing.ColumnWidthsTest;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.Map;
import java.util.Set;

import static java.lang.Math.max;

/** What inventory's requests and check-ins may send fits its columns. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class InventoryColumnWidthsTest extends ColumnWidthsTest {

    @Override
    protected Map<String, Integer> requestLimits() {
        return Map.ofEntries(
                Map.entry("tenant.id", limit(TenantRequest.class, "id")),
                Map.entry("tenant.name", max(limit(TenantRequest.class, "name"), limit(TenantUpdate.class, "name"))),
                Map.entry("tenant.provisioning_url_template", max(limit(TenantRequest.class, "provisioningUrlTemplate"),
                        limit(TenantUpdate.class, "provisioningUrlTemplate"))),
                Map.entry("tenant.status", limit(TenantUpdate.class, "status")),
                Map.entry("tenant.redirect_auth", max(limit(TenantRequest.class, "redirectAuth"),
                        limit(TenantUpdate.class, "redirectAuth"))),
                Map.entry("tenant.time_zone", max(limit(TenantRequest.class, "timeZone"),
                        limit(TenantUpdate.class, "timeZone"))),
                Map.entry("device.tenant_id", limit(TenantRequest.class, "id")),
                Map.entry("device.vendor", limit(DeviceRequest.class, "vendor")),
                Map.entry("device.model", limit(DeviceRequest.class, "model")),
                Map.entry("device.serial", limit(DeviceRequest.class, "serial")),
                Map.entry("device.profile", max(limit(DeviceRequest.class, "profile"),
                        limit(DeviceResource.Move.class, "profile"))),
                Map.entry("device.last_file", DeviceCheckin.FILE_LENGTH),
                Map.entry("device.last_uvc", DeviceCheckin.UVC_LENGTH),
                Map.entry("device.last_firmware", DeviceCheckin.FIRMWARE_VERSION_LENGTH),
                Map.entry("device.last_source_ip", DeviceCheckin.SOURCE_IP_LENGTH),
                Map.entry("device.last_user_agent", DeviceCheckin.USER_AGENT_LENGTH),
                Map.entry("device_checkin.tenant_id", limit(TenantRequest.class, "id")),
                Map.entry("device_checkin.file", DeviceCheckin.FILE_LENGTH),
                // each element of its varchar(255)[]
                Map.entry("device_checkin.files", DeviceCheckin.FILE_LENGTH),
                Map.entry("device_checkin.uvc", DeviceCheckin.UVC_LENGTH),
                Map.entry("device_checkin.firmware_version", DeviceCheckin.FIRMWARE_VERSION_LENGTH),
                Map.entry("device_checkin.source_ip", DeviceCheckin.SOURCE_IP_LENGTH),
                Map.entry("device_checkin.user_agent", DeviceCheckin.USER_AGENT_LENGTH),
                Map.entry("device_checkin.protocol", DeviceCheckin.PROTOCOL_LENGTH),
                Map.entry("audit_entry.tenant_id", limit(TenantRequest.class, "id")));
    }

    @Override
    protected Set<String> notFromRequests() {
        return Set.of("device.mac", "device.labels", "device.last_service", "audit_entry.mac", "audit_entry.action",
                "audit_entry.actor", "audit_entry.before", "audit_entry.after", "device_checkin.mac",
                "device_checkin.service", "outbox_event.topic", "outbox_event.message_key", "outbox_event.event_type",
                "outbox_event.envelope", "outbox_event.last_error",
                "outbox_event.traceparent", "outbox_event.tracestate", "processed_event.consumer");
    }
}
