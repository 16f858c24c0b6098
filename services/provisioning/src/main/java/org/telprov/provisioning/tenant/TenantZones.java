package org.telprov.provisioning.tenant;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.TenantSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;

/**
 * Each tenant's time zone, as inventory's tenant events last said ({@link TenantZoneProjection}), for reading a
 * rollout's maintenance window in the tenant's local time. Plain JDBC, so a scheduler without a request or
 * transaction can ask.
 */
@ApplicationScoped
public class TenantZones {

    private static final ZoneId DEFAULT = ZoneId.of(TenantSnapshot.DEFAULT_TIME_ZONE);

    private final AgroalDataSource dataSource;

    public TenantZones(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The tenant's zone; {@code UTC} for a tenant whose events named none or have not arrived. */
    public ZoneId zoneOf(String tenantId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select time_zone from tenant_zone where tenant_id = ?")) {
            query.setString(1, tenantId);
            try (ResultSet row = query.executeQuery()) {
                // stored only once ZoneId knew it (TenantZoneProjection)
                return row.next() ? ZoneId.of(row.getString(1)) : DEFAULT;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the time zone of tenant " + tenantId, e);
        }
    }
}
