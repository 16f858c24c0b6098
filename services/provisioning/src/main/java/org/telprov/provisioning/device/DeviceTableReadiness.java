package org.telprov.provisioning.device;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the device table is in memory: a replica must not answer "unknown device" for lack of loading. */
@Readiness
@ApplicationScoped
public class DeviceTableReadiness implements HealthCheck {

    private final DeviceTable table;

    public DeviceTableReadiness(DeviceTable table) {
        this.table = table;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("device-table")
                .status(table.loaded())
                .withData("devices", table.size())
                .build();
    }
}
