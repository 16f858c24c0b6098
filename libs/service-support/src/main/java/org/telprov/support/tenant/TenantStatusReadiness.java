package org.telprov.support.tenant;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the tenant events are replayed: before that every tenant would look unknown and be refused. */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = TenantStatusTable.ENABLED, stringValue = "true")
public class TenantStatusReadiness implements HealthCheck {

    private final TenantStatusTable table;

    public TenantStatusReadiness(TenantStatusTable table) {
        this.table = table;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("tenant-statuses").status(table.replayed()).build();
    }
}
