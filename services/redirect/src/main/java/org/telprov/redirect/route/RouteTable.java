package org.telprov.redirect.route;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing read model in memory, so a lookup touches neither the database nor Kafka. It holds what the database
 * holds; {@link RouteProjection} writes both, and each entry keeps its version so a late write of older state loses.
 */
@ApplicationScoped
public class RouteTable {

    /** A device's routing state; {@code tenantId == null} marks a released device. */
    public record Device(String tenantId, String vendor, String model, String serial, long version) {
    }

    /** A tenant's URL template; {@code template == null} marks a suspended tenant. */
    public record Tenant(String template, long version) {
    }

    private final Map<Long, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    void putDevice(long mac, Device device) {
        devices.merge(mac, device, (held, offered) -> offered.version() > held.version() ? offered : held);
    }

    void putTenant(String id, Tenant tenant) {
        tenants.merge(id, tenant, (held, offered) -> offered.version() > held.version() ? offered : held);
    }

    void markLoaded() {
        loaded = true;
    }

    /** True once the table holds everything the database held at start-up. */
    public boolean loaded() {
        return loaded;
    }

    /** The device's routing state and its tenant's URL template, when both are known and active. */
    public Optional<Route> route(long mac) {
        Device device = devices.get(mac);
        if (device == null || device.tenantId() == null) {
            return Optional.empty();
        }
        Tenant tenant = tenants.get(device.tenantId());
        if (tenant == null || tenant.template() == null) {
            return Optional.empty();
        }
        return Optional.of(new Route(device, tenant.template()));
    }

    public int deviceCount() {
        return devices.size();
    }

    /** A device together with its tenant's URL template. */
    public record Route(Device device, String template) {
    }
}
