package org.telprov.redirect.destination;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the routing table is in memory: a replica must not answer "unknown device" for lack of loading. */
@Readiness
@ApplicationScoped
public class DestinationTableReadiness implements HealthCheck {

    private final DestinationTable table;

    public DestinationTableReadiness(DestinationTable table) {
        this.table = table;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("routing-table")
                .status(table.loaded())
                .withData("devices", table.deviceCount())
                .build();
    }
}
